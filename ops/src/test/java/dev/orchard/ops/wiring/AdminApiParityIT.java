package dev.orchard.ops.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchard.ops.cli.OrchardCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.orchard.ops.wiring.ServeFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API of a real {@code orchard serve} against the command line on the same journal and
 * configuration: {@code GET /api/v1/machines} with each filter and page answers exactly the document
 * {@code orchard machines --json} prints with the same options, refusals carry the same message, paging by
 * {@code next} walks the whole list once in MAC order, and {@code GET /api/v1/admin/explain} answers exactly
 * what {@code orchard explain --json} prints.
 */
class AdminApiParityIT {

    private static final String RESTORING = "02:00:0a:00:00:41";
    private static final String FAILED = "02:00:0a:00:00:42";
    private static final String DONE = "02:00:0a:00:00:43";
    private static final String KIOSK = "02:0c:00:00:00:01";

    @TempDir
    static Path dir;
    private static ServeFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = ServeFixture.start(dir.resolve("lab"));
        post(RESTORING, "C02SHAPE0041", new String[][] {{"plan", "succeeded"}, {"restore", "started"},
                {"restore", "progress"}});
        post(FAILED, "C02SHAPE0042", new String[][] {{"plan", "succeeded"}, {"restore", "started"}, {"restore", "failed"}});
        post(DONE, "C02SHAPE0043", new String[][] {{"plan", "succeeded"}, {"done", "succeeded"}});
        f.plan(KIOSK, "", "iMac19,1");
        f.plan("02:00:0a:00:00:44", "C02SHAPE0044", ServeFixture.THIN_MODEL);
        // a plan's answer can leave before the machine list records who asked (name, policy): wait for all five,
        // so the list the tests compare does not change under them
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!settled(api("/api/v1/machines"))) {
            assertThat(System.nanoTime()).as("the machine list settled within 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static boolean settled(JsonNode list) {
        int identified = 0;
        for (JsonNode m : list.get("machines")) {
            identified += m.get("policy").isNull() ? 0 : 1;
        }
        return identified == 5;
    }

    private static void post(String mac, String serial, String[][] trail) throws Exception {
        JsonNode plan = f.plan(mac, serial, ServeFixture.RESTORE_MODEL);
        long size = plan.get("restore").get("size").asLong();
        for (int i = 0; i < trail.length; i++) {
            Long done = trail[i][1].equals("progress") ? size / 4 : null;
            HttpResponse<String> r = f.post(plan.get("events").asText(), plan.get("token").asText(),
                    event(i, plan.get("run").asText(), trail[i][0], trail[i][1], done, done == null ? null : size));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        }
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    record Run(int code, String out, String err) {
    }

    static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = OrchardCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static JsonNode api(String path) throws Exception {
        HttpResponse<String> r = f.get(path, f.adminToken());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return ServeFixture.JSON.readTree(r.body());
    }

    /** The CLI's options for a query string of the API. */
    static List<String> options(String query) {
        List<String> args = new ArrayList<>(List.of("machines", "--config", f.config.toString(), "--json"));
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                switch (kv[0]) {
                    case "failed" -> args.add(kv[1].equals("true") ? "--failed" : "--no-failed");
                    case "q" -> args.addAll(List.of("--search", kv[1]));
                    default -> args.addAll(List.of("--" + kv[0], java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8)));
                }
            }
        }
        return args;
    }

    @Test
    void theMachineListHasOneShape() throws Exception {
        for (String query : List.of("", "stage=restore", "stage=done", "failed=true", "failed=false", "group=kiosks",
                "q=c02shape", "q=0a000042", "limit=2", "stage=restore&limit=1")) {
            JsonNode before = api("/api/v1/machines" + (query.isEmpty() ? "" : "?" + query));
            Run run = cli(options(query).toArray(String[]::new));
            assertThat(run.code()).as(query + ": " + run.err()).isZero();
            JsonNode printed = ServeFixture.JSON.readTree(run.out());
            JsonNode after = api("/api/v1/machines" + (query.isEmpty() ? "" : "?" + query));
            assertThat(before).as("the list did not change meanwhile (%s)", query).isEqualTo(after);
            assertThat(printed).as("orchard machines --json, " + query).isEqualTo(before);
        }
        List<String> macs = macs(api("/api/v1/machines?failed=true"));
        assertThat(macs).containsExactly(FAILED);
        assertThat(macs(api("/api/v1/machines?group=kiosks"))).containsExactly(KIOSK);
        assertThat(macs(api("/api/v1/machines?stage=restore"))).containsExactly(RESTORING, FAILED);
        JsonNode restoring = api("/api/v1/machines?q=0a000041").get("machines").get(0);
        assertThat(restoring.get("stage").asText()).isEqualTo("restore");
        assertThat(restoring.get("result").asText()).isEqualTo("progress");
        assertThat(restoring.get("progress").asDouble()).isCloseTo(25.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(restoring.get("policy").asText()).isEqualTo("imacs-restore");
        assertThat(restoring.get("lastEvents")).hasSize(3);
        // one machine: the same fields, with its whole history
        JsonNode one = api("/api/v1/machines/" + RESTORING);
        assertThat(one.get("lastEvents")).isEqualTo(restoring.get("lastEvents"));
        assertThat(one.get("progress")).isEqualTo(restoring.get("progress"));
    }

    @Test
    void pagingWalksTheWholeListOnceInMacOrder() throws Exception {
        List<String> all = macs(api("/api/v1/machines"));
        assertThat(all).hasSizeGreaterThanOrEqualTo(5).isSorted();
        List<String> walked = new ArrayList<>();
        String next = "/api/v1/machines?limit=2";
        int pages = 0;
        while (next != null) {
            JsonNode page = api(next);
            walked.addAll(macs(page));
            pages++;
            Run cliPage = cli(options(next.substring(next.indexOf('?') + 1)).toArray(String[]::new));
            assertThat(ServeFixture.JSON.readTree(cliPage.out())).isEqualTo(page);
            next = page.get("next").isNull() ? null : page.get("next").asText();
            if (next != null) {
                assertThat(next).contains("cursor=" + URLEncoder.encode(page.get("nextCursor").asText(),
                        StandardCharsets.UTF_8));
            }
        }
        assertThat(walked).isEqualTo(all);
        assertThat(pages).isEqualTo((all.size() + 1) / 2);
    }

    @Test
    void refusalsSayTheSameOnBothSides() throws Exception {
        String[][] cases = {{"stage=flash", "--stage", "flash"}, {"group=nobody", "--group", "nobody"},
                {"limit=0", "--limit", "0"}, {"cursor=zz", "--cursor", "zz"}};
        for (String[] c : cases) {
            HttpResponse<String> r = f.get("/api/v1/machines?" + c[0], f.adminToken());
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            String message = ServeFixture.JSON.readTree(r.body()).get("message").asText();
            Run run = cli("machines", "--config", f.config.toString(), c[1], c[2]);
            assertThat(run.code()).as(c[0]).isEqualTo(2);
            assertThat(run.err()).as(c[0]).contains(message);
        }
        assertThat(ServeFixture.JSON.readTree(f.get("/api/v1/machines?group=nobody", f.adminToken()).body())
                .get("message").asText()).isEqualTo("unknown group 'nobody'; groups: kiosks");
    }

    @Test
    void explainAnswersWhatTheCommandPrints() throws Exception {
        String[][] macs = {
                {"mac=02:00:0a:00:00:41&serial=C02SHAPE0041&model=iMac18,3", "--mac", "02:00:0a:00:00:41", "--serial",
                        "C02SHAPE0041", "--model", "iMac18,3"},
                {"mac=02:0c:00:00:00:01&model=iMac19,1&ip=10.0.0.7", "--mac", "02:0c:00:00:00:01", "--model", "iMac19,1",
                        "--ip", "10.0.0.7"},
                {"mac=2:0:a:0:0:9&model=MacPro7,1", "--mac", "2:0:a:0:0:9", "--model", "MacPro7,1"},
                {"mac=" + ServeFixture.BENCH_MAC + "&model=iMac18,3", "--mac", ServeFixture.BENCH_MAC, "--model",
                        "iMac18,3"},
                {"mac=02-00-0A-00-00-45", "--mac", "02-00-0A-00-00-45"},
        };
        for (String[] c : macs) {
            JsonNode answered = api("/api/v1/admin/explain?" + c[0]);
            List<String> args = new ArrayList<>(List.of("explain", "--config", f.config.toString(), "--json"));
            args.addAll(List.of(c).subList(1, c.length));
            Run run = cli(args.toArray(String[]::new));
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(ServeFixture.JSON.readTree(run.out())).as(c[0]).isEqualTo(answered);
        }
        assertThat(api("/api/v1/admin/explain?mac=02:0c:00:00:00:01&model=iMac19,1").get("policy").asText())
                .isEqualTo("kiosks");

        HttpResponse<String> bad = f.get("/api/v1/admin/explain?mac=not-a-mac", f.adminToken());
        assertThat(bad.statusCode()).isEqualTo(400);
        Run badRun = cli("explain", "--config", f.config.toString(), "--mac", "not-a-mac");
        assertThat(badRun.err()).contains(ServeFixture.JSON.readTree(bad.body()).get("message").asText());
        assertThat(f.get("/api/v1/admin/explain?mac=02:0c:00:00:00:01", null).statusCode()).isEqualTo(401);
    }

    static List<String> macs(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("machines").forEach(m -> out.add(m.get("mac").asText()));
        return out;
    }
}
