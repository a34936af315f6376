package pmf.signals.llm;

import com.google.genai.Client;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import java.time.Duration;
import java.util.List;

/** The one way this code base opens a google-genai client: v1beta, our own timeout, and the SDK's retry switched off. */
public final class GeminiClients {
  private GeminiClients() {}

  /**
   * A client for {@code key} at {@code baseUrl} (null: Google's endpoint). The SDK's retry is off (attempts 1 and no
   * retryable codes, since attempts(1) alone still sleeps one backoff): the caller owns the retry policy.
   */
  public static Client open(String key, String baseUrl, Duration timeout) {
    HttpOptions.Builder http =
        HttpOptions.builder()
            .apiVersion("v1beta")
            .timeout(Math.toIntExact(timeout.toMillis()))
            .retryOptions(HttpRetryOptions.builder().attempts(1).httpStatusCodes(List.of()).build());
    if (baseUrl != null) {
      http.baseUrl(baseUrl);
    }
    return Client.builder().apiKey(key).vertexAI(false).httpOptions(http.build()).build();
  }
}
