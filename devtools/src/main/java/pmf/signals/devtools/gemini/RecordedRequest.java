package pmf.signals.devtools.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One request the fake received, and what it answered. Never holds the API key: the
 * {@code x-goog-api-key} header is left out of {@link #headers()} (only {@link #apiKeyPresent()} says
 * whether one was sent) and the query string is dropped from {@link #path()}.
 *
 * @param method HTTP method
 * @param path request path without query string, e.g. {@code /v1beta/models/gemini-3.5-flash-lite:generateContent}
 * @param apiVersion {@code v1beta} or {@code v1}; null when the path did not match
 * @param model the model named in the path; null when the path did not match
 * @param headers request headers, names lower-cased, the API key header removed
 * @param apiKeyPresent whether an {@code x-goog-api-key} header was sent
 * @param body the parsed request body; null when absent or not JSON
 * @param status HTTP status served
 * @param fault the injected fault served, or null
 * @param responseBody the exact body served (for 429s this is where {@code RetryInfo} is)
 * @param receivedAtNanos when the request arrived, on the fake's clock ({@link Behaviour#nanoTime()})
 */
public record RecordedRequest(
    String method,
    String path,
    String apiVersion,
    String model,
    Map<String, List<String>> headers,
    boolean apiKeyPresent,
    JsonNode body,
    int status,
    Fault fault,
    String responseBody,
    long receivedAtNanos) {}
