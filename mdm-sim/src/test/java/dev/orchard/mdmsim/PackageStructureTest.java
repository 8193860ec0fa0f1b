package dev.orchard.mdmsim;

import dev.orchard.testkit.PackageStructureContract;

/** No package cycle and no client-to-server import in this module (rules in ARCHITECTURE.md). */
class PackageStructureTest extends PackageStructureContract {
}
