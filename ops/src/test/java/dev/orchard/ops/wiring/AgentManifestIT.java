package dev.orchard.ops.wiring;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.PropertyListParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's manifest and package as an erased Mac would fetch them: the {@code ManifestURL} the flow sent in
 * {@code InstallEnterpriseApplication} (taken from the NanoMDM stub's queue) answers over HTTPS an XML plist in
 * Apple's ManifestURL format (other/manifesturl.yaml) that dd-plist parses, shaped as the golden file
 * {@code mdm/agent-manifest.plist}; its asset URL serves the package, whose size and 10 MiB chunk SHA-256s are the
 * manifest's.
 */
class AgentManifestIT {

    static final EraseLab.LabMac MAC =
            new EraseLab.LabMac("02:0e:00:00:30:01", "C02MAN000001", "00008112-000A11000000001", "manifest");

    @TempDir
    static Path dir;
    static EraseLab lab;

    @BeforeAll
    static void start() throws Exception {
        lab = EraseLab.startCheckedIn(dir, List.of(MAC));
        lab.erase("{\"macs\":[\"" + MAC.mac() + "\"]}", 200);
        lab.awaitStage(MAC, "agent-package-sent");
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void theManifestAtTheSentUrlIsApplesFormatWithTheHashesOfThePackageServed() throws Exception {
        String manifestUrl = (String) lab.command(MAC, "InstallEnterpriseApplication").fields().get("ManifestURL");
        assertThat(manifestUrl).isEqualTo(lab.api() + "/mdm/agent/" + MAC.mac() + "/manifest.plist")
                .startsWith("https://");
        HttpResponse<byte[]> m = get(manifestUrl);
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(m.headers().firstValue("Content-Type")).hasValue("application/xml");

        String golden = Files.readString(Path.of(AgentManifestIT.class.getResource("/mdm/agent-manifest.plist")
                .toURI()));
        assertThat(new String(m.body(), StandardCharsets.UTF_8).replace(lab.api(), "https://orchard.test"))
                .isEqualTo(golden);

        NSDictionary root = (NSDictionary) PropertyListParser.parse(m.body());
        NSDictionary item = (NSDictionary) ((NSArray) root.objectForKey("items")).objectAtIndex(0);
        NSDictionary asset = (NSDictionary) ((NSArray) item.objectForKey("assets")).objectAtIndex(0);
        assertThat(asset.objectForKey("kind").toJavaObject()).isEqualTo("software-package");
        String packageUrl = (String) asset.objectForKey("url").toJavaObject();
        assertThat(packageUrl).startsWith(lab.api() + "/mdm/agent/package/");
        long chunk = ((Number) asset.objectForKey("sha256-size").toJavaObject()).longValue();
        Object[] hashes = (Object[]) asset.objectForKey("sha256s").toJavaObject();

        HttpResponse<byte[]> pkg = get(packageUrl);
        assertThat(pkg.statusCode()).isEqualTo(200);
        assertThat(pkg.body()).isEqualTo(EraseLab.agentPackage());
        assertThat(hashes).hasSize(2).containsExactly(chunkHashes(pkg.body(), (int) chunk).toArray());
        assertThat(((NSDictionary) item.objectForKey("metadata")).objectForKey("kind").toJavaObject())
                .isEqualTo("software");
    }

    @Test
    void noFileBesideThePackageIsServedAndABadMacIsRefused() throws Exception {
        Files.writeString(dir.resolve("beside-the-package.txt"), "not to be served");
        assertThat(get(lab.api() + "/mdm/agent/package/beside-the-package.txt").statusCode()).isEqualTo(404);
        assertThat(get(lab.api() + "/mdm/agent/package/orchard.yaml").statusCode()).isEqualTo(404);
        assertThat(get(lab.api() + "/mdm/agent/not-a-mac/manifest.plist").statusCode()).isEqualTo(400);
    }

    private static List<String> chunkHashes(byte[] bytes, int chunk) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (int at = 0; at < bytes.length; at += chunk) {
            byte[] part = Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + chunk));
            out.add(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(part)));
        }
        return out;
    }

    private static HttpResponse<byte[]> get(String url) throws Exception {
        return lab.http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
