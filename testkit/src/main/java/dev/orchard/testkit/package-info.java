/** Test support for every Orchard module; used with test scope only. */
package dev.orchard.testkit;
