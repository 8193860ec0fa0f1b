package dev.orchard.mdm.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * NanoMDM's HTTP API (NanoMDM {@code http/api/api.go}, {@code docs/openapi.yaml}), over the JDK's HTTP client:
 * <ul>
 *   <li>{@link #enqueue}: {@code PUT /v1/enqueue/{id[,id…]}} with the raw command plist as body; NanoMDM queues
 *       it for every ID and, unless {@code ?nopush=…} is given (any non-empty value), sends each an APNs push
 *       right after (no push when the enqueue failed: {@code api/api.go EnqueueWithPush});</li>
 *   <li>{@link #push}: {@code GET /v1/push/{id[,id…]}}, an APNs push alone.</li>
 * </ul>
 * Both log in with HTTP Basic, user {@code nanomdm}, password the API key (sent up front: NanoMDM answers 401
 * with {@code WWW-Authenticate: Basic realm="nanomdm"} otherwise). Both answer an {@link ApiResult}: 200 all
 * good, 207 some IDs failed, 500 all failed. Anything but 200/207 is a {@link NanoMdmException}; 5xx and
 * connection failures are retryable, 4xx and 3xx are not, and neither is a 500 saying the command could not
 * be decoded ({@code decoding command: …}), which no retry can fix.
 */
public final class NanoMdmClient {

    /**
     * Enrollment IDs go into the path, comma-separated ({@code http/api/api.go PathIDGetter}): a device's UDID,
     * or {@code UDID:GUID} for a user channel. Nothing that would change the path's meaning is allowed.
     */
    private static final Pattern ENROLLMENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    /** NanoMDM's prefix for a body it could not read as a command ({@code api/api.go RawCommandEnqueueWithPush}). */
    static final String UNDECODABLE_COMMAND = "decoding command";

    private final NanoMdmEndpoint endpoint;
    private final HttpClient http;
    private final String authorization;

    public NanoMdmClient(NanoMdmEndpoint endpoint) {
        this(endpoint, HttpClient.newBuilder()
                .connectTimeout(endpoint.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    /** With a client of the caller's (TLS settings, executor). */
    public NanoMdmClient(NanoMdmEndpoint endpoint, HttpClient http) {
        this.endpoint = endpoint;
        this.http = http;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString(("nanomdm:" + endpoint.apiKey()).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Queues {@code commandPlist} for {@code ids}; pushes to them unless {@code noPush}.
     *
     * @return NanoMDM's answer with status 200 or 207
     */
    public ApiResult enqueue(List<String> ids, byte[] commandPlist, boolean noPush) throws NanoMdmException {
        URI uri = endpoint.api("enqueue/" + path(ids) + (noPush ? "?nopush=1" : ""));
        HttpRequest request = request(uri)
                .header("Content-Type", "application/xml")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(commandPlist.clone()))
                .build();
        return call(request, "enqueue");
    }

    /** Sends an APNs push to {@code ids}; 200 or 207. */
    public ApiResult push(List<String> ids) throws NanoMdmException {
        return call(request(endpoint.api("push/" + path(ids))).GET().build(), "push");
    }

    public NanoMdmEndpoint endpoint() {
        return endpoint;
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri)
                .timeout(endpoint.timeout())
                .header("Authorization", authorization)
                .header("Accept", "application/json");
    }

    private ApiResult call(HttpRequest request, String what) throws NanoMdmException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new NanoMdmException(what + ": " + endpoint + " cannot be reached: " + describe(e), true, null, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NanoMdmException(what + ": interrupted", true, null, null, e);
        }
        return answer(what, response.statusCode(), response.body());
    }

    /** The status and body as NanoMDM sends them, sorted into a result or an exception. */
    static ApiResult answer(String what, int status, byte[] body) throws NanoMdmException {
        ApiResult result = null;
        String unreadable = null;
        try {
            result = ApiResultJson.parse(status, body);
        } catch (IOException | RuntimeException e) {
            unreadable = e.getMessage();
        }
        if ((status == 200 || status == 207) && result != null) {
            return result;
        }
        if (status == 401) {
            throw new NanoMdmException(what + ": NanoMDM refused the API key (401); check the key file against"
                    + " nanomdm -api", false, status, result, null);
        }
        if (status >= 500) {
            String reason = result == null ? "HTTP " + status : result.commandError().or(result::pushError)
                    .orElse("HTTP " + status + " " + firstError(result));
            boolean permanent = result != null && result.commandError().filter(e -> e.startsWith(UNDECODABLE_COMMAND))
                    .isPresent();
            throw new NanoMdmException(what + ": NanoMDM answered " + status + ": " + reason, !permanent, status,
                    result, null);
        }
        if (status == 200 || status == 207) {
            throw new NanoMdmException(what + ": NanoMDM answered " + status + " with an unreadable body ("
                    + unreadable + ")", true, status, null, null);
        }
        throw new NanoMdmException(what + ": NanoMDM answered " + status + (status >= 300 && status < 400
                ? " (a redirect: is the URL NanoMDM's base URL?)" : ""), false, status, result, null);
    }

    private static String firstError(ApiResult r) {
        return r.status().entrySet().stream().filter(e -> e.getValue().failed())
                .map(e -> e.getKey() + ": " + r.errorFor(e.getKey()).orElse("")).findFirst().orElse("");
    }

    private static String path(List<String> ids) {
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("no enrollment ID");
        }
        for (String id : ids) {
            if (!ENROLLMENT_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("'" + id + "' is not an enrollment ID (a UDID, or UDID:GUID)");
            }
        }
        return String.join(",", ids);
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
