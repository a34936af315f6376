package pmf.signals.transforms.model;

import java.util.List;

/**
 * The structured facets an analyzer returns for one user. Short, free of PII and proper nouns; {@code source} says
 * which analyzer produced them (e.g. {@code offline-rules}) so no reader mistakes rules for an LLM's reading.
 */
public record Insights(
    String source,
    String summary,
    List<String> useCases,
    String goal,
    List<FrictionPoint> frictionPoints,
    List<String> valueSignals,
    WillingnessToPay willingnessToPay,
    int frustration,
    List<String> assistantErrors,
    String personaHint) {}
