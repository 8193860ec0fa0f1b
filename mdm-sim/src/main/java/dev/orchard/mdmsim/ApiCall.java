package dev.orchard.mdmsim;

/** One HTTP request the stub's API answered: method, path with query, and the status it gave. */
public record ApiCall(String method, String pathAndQuery, int status) {
}
