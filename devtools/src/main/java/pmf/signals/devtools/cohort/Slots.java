package pmf.signals.devtools.cohort;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Fills {slot} placeholders from {@link Lexicon} banks. Topic slots (the product, the app, the subject...)
 * stick for a whole conversation so its turns talk about the same thing; the rest are drawn fresh each time.
 */
final class Slots {
  private static final Set<String> STICKY = Set.of("product", "store", "topic_mkt", "campaign", "vsubject", "vstyle",
      "recording", "podtopic", "app", "stack", "subject", "exam", "essay_topic", "doc", "brandbiz", "brandname",
      "oldphoto", "funthing", "platform", "voice", "bg", "style", "benign", "fmt", "tool", "langname", "error",
      "pytask", "device", "headline", "announcement", "mini", "printer", "prop", "part");

  private final Dice dice;
  private final Map<String, String> chosen = new HashMap<>();

  Slots(Dice dice) {
    this.dice = dice;
  }

  /** Pins a slot's value (e.g. the export format a friction is about). */
  void set(String name, String value) {
    chosen.put(name, value);
  }

  String get(String name) {
    String v = chosen.get(name);
    if (v != null) {
      return v;
    }
    v = draw(name);
    if (STICKY.contains(name)) {
      chosen.put(name, v);
    }
    return v;
  }

  String fill(String template) {
    int open = template.indexOf('{');
    if (open < 0) {
      return template;
    }
    StringBuilder out = new StringBuilder(template.length() + 32);
    int from = 0;
    while (open >= 0) {
      int close = template.indexOf('}', open);
      out.append(template, from, open);
      // Slot values may hold slots themselves ("a bakery called {brandname}").
      out.append(fill(get(template.substring(open + 1, close))));
      from = close + 1;
      open = template.indexOf('{', from);
    }
    return out.append(template, from, template.length()).toString();
  }

  private String draw(String name) {
    switch (name) {
      case "n":
        return dice.pick("2", "3", "3", "4", "4", "5", "6", "a few", "a couple of", "three", "four");
      case "k":
        return String.valueOf(dice.between(2, 9));
      case "secs":
        return dice.pick("5", "6", "8", "10", "12", "15", "20", "30");
      case "mins":
        return String.valueOf(dice.between(3, 95));
      case "eta":
        return String.valueOf(dice.between(8, 90));
      case "epnum":
        return String.valueOf(dice.between(3, 148));
      case "words":
        return String.valueOf(dice.between(6, 19) * 50);
      case "limit":
        return dice.pick("500", "650", "750", "1,000", "250");
      case "pct":
        return dice.pick("10", "15", "20", "25", "30", "40", "50", "5") + "%";
      case "price":
        return dice.pick("$19.99", "$24.99", "€5", "€49", "£12", "$9.99", "$120", "€14.90", "$4.50", "£35",
            "$59", "¥3,000", "$199");
      case "date":
        return dice.pick("Friday", "Monday", "next Tuesday", "Dec 1", "Nov 28", "the 14th", "2026-12-05",
            "December 3rd", "this weekend", "tomorrow", "Jan 15", "end of the month", "12/09");
      case "version":
        return dice.pick("v2.3.1", "v1.0", "v3.0.0-beta", "2.4", "v1.12", "v0.9.2", "v5");
      case "ordinal":
        return dice.pick("first", "second", "third", "last", "#2", "#3", "2nd", "4th", "left", "middle");
      case "hexcolor":
        return dice.pick("#1E90FF", "#FF6F61", "#2E2E2E", "#F4C430", "#00A86B", "#6A5ACD");
      default:
        String[] bank = Lexicon.BANKS.getOrDefault(name, NovelArea.BANKS.get(name));
        if (bank == null) {
          throw new IllegalArgumentException("no lexicon bank for {" + name + "}");
        }
        return dice.pick(bank);
    }
  }
}
