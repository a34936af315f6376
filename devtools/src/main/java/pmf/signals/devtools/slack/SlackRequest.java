package pmf.signals.devtools.slack;

/**
 * One request a {@link FakeSlack} received, and what it answered.
 *
 * @param method HTTP method
 * @param path request path, e.g. {@code /services/TFAKE/BFAKE/fake-token}
 * @param contentType the request's {@code Content-Type}, or null
 * @param body the exact request body, UTF-8
 * @param status HTTP status served
 * @param response the plain-text body served
 * @param answer the answer served; null when the request was refused before any answer was chosen (wrong path,
 *     method or body)
 */
public record SlackRequest(
    String method, String path, String contentType, String body, int status, String response, SlackAnswer answer) {}
