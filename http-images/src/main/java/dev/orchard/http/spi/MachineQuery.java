package dev.orchard.http.spi;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Which machines to list and which page: the filters and paging of {@code GET /api/v1/machines} and of
 * {@code orchard machines}, parsed once here for both so they accept and refuse the same values.
 *
 * @param stage  only machines whose latest event is of this stage
 * @param group  only members of this group of the configuration (by MAC or serial)
 * @param failed only machines whose latest event failed ({@code true}) or did not ({@code false})
 * @param search only machines whose MAC (with or without colons), serial or name contains this, ignoring case
 * @param limit  at most this many machines ({@code 1..}{@link #MAX_LIMIT}); all when empty
 * @param cursor the {@code nextCursor} of the previous page: machines after it in the list's order (by MAC)
 */
public record MachineQuery(Optional<EventStage> stage, Optional<String> group, Optional<Boolean> failed,
                           Optional<String> search, OptionalInt limit, Optional<String> cursor) {

    public static final int MAX_LIMIT = 1000;
    /** Longest {@code q} and {@code group}. */
    public static final int MAX_TEXT = 64;
    /** The parameter names, in the order {@link #queryString} writes them. */
    public static final List<String> PARAMETERS = List.of("stage", "group", "failed", "q", "limit", "cursor");

    /** Every machine, one page. */
    public static final MachineQuery ALL = new MachineQuery(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), OptionalInt.empty(), Optional.empty());

    public MachineQuery {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(failed, "failed");
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(cursor, "cursor");
    }

    /**
     * Parses parameters as given (query string or command line, each at most once).
     *
     * @throws InvalidRequestException naming the parameter and the values it allows
     */
    public static MachineQuery parse(Map<String, String> parameters) {
        for (String name : parameters.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new InvalidRequestException("unknown parameter '" + name + "'; allowed: "
                        + String.join(", ", PARAMETERS));
            }
        }
        Optional<EventStage> stage = Optional.ofNullable(parameters.get("stage")).map(s -> {
            try {
                return EventStage.fromWire(s);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException(e.getMessage());
            }
        });
        Optional<Boolean> failed = Optional.ofNullable(parameters.get("failed")).map(f -> switch (f) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new InvalidRequestException("failed must be true or false, not '" + shorten(f) + "'");
        });
        OptionalInt limit = OptionalInt.empty();
        String l = parameters.get("limit");
        if (l != null) {
            if (!l.matches("[0-9]{1,4}") || Integer.parseInt(l) < 1 || Integer.parseInt(l) > MAX_LIMIT) {
                throw new InvalidRequestException("limit must be a whole number from 1 to " + MAX_LIMIT + ", not '"
                        + shorten(l) + "'");
            }
            limit = OptionalInt.of(Integer.parseInt(l));
        }
        return new MachineQuery(stage, text(parameters, "group"), failed, text(parameters, "q"), limit,
                text(parameters, "cursor"));
    }

    private static Optional<String> text(Map<String, String> parameters, String name) {
        String v = parameters.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (v.isEmpty() || v.length() > MAX_TEXT || v.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException(name + " must be 1 to " + MAX_TEXT + " characters, without control"
                    + " characters");
        }
        return Optional.of(v);
    }

    private static String shorten(String s) {
        return s.length() > 20 ? s.substring(0, 20) + "…" : s;
    }

    /** The same filters and limit on the page after {@code nextCursor}. */
    public MachineQuery after(String nextCursor) {
        return new MachineQuery(stage, group, failed, search, limit, Optional.of(nextCursor));
    }

    /** The parameters as given to {@link #parse} (absent ones left out). */
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        stage.ifPresent(s -> p.put("stage", s.wireName()));
        group.ifPresent(g -> p.put("group", g));
        failed.ifPresent(f -> p.put("failed", f.toString()));
        search.ifPresent(q -> p.put("q", q));
        limit.ifPresent(n -> p.put("limit", Integer.toString(n)));
        cursor.ifPresent(c -> p.put("cursor", c));
        return p;
    }

    /** {@code stage=restore&limit=50&cursor=…}, percent-encoded; empty without parameters. */
    public String queryString() {
        return parameters().entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("&"));
    }
}
