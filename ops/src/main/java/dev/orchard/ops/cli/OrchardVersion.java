package dev.orchard.ops.cli;

import picocli.CommandLine;

/** Version from the jar manifest (set by the build), or "development" when run from classes. */
public final class OrchardVersion implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = OrchardCli.class.getPackage().getImplementationVersion();
        return new String[] {"orchard " + (v == null ? "development" : v)};
    }
}
