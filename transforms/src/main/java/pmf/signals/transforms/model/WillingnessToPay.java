package pmf.signals.transforms.model;

/** {@code signal}: none | low | medium | high, with the evidence that supports it. */
public record WillingnessToPay(String signal, String evidence) {}
