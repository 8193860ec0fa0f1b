package dev.orchard.agent.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The {@code install} section: an OS installer and the optional first-boot package that carries the
 * hand-off to the thin workflow.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstallSpec(String installer, String url, Long size, String sha256, PayloadRef firstBootPackage) {

    /** The installer itself as a payload reference (url, sha256, size). */
    public PayloadRef payload() {
        return new PayloadRef(url, sha256, size);
    }

    void validate() {
        payload().validate("the installer");
        if (firstBootPackage != null) {
            firstBootPackage.validate("the first-boot package");
        }
    }
}
