package pmf.signals.llm;

/** The model's answer to one request: its text, why it stopped, and the tokens the provider counted. */
public record LlmReply(String text, String finishReason, int tokensIn, int tokensOut) {}
