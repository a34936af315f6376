package pmf.signals.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An output read the way a person reads it, for checks that it reads cleanly: report.html, summary.md and a Slack
 * payload cut into the blocks a reader meets (paragraphs, list items, tiles, table cells with their headers), and two
 * checks over them — no sentence said twice, and no percentage without what it counts and of what base.
 *
 * <p>Charts (inline SVG) are left out: their axes carry bare ticks and their titles name the base.
 */
public final class Reading {
  private Reading() {}

  /**
   * A piece of text as a reader meets it. {@code prose}: a paragraph, item or tile, read as sentences; otherwise a
   * table cell, a heading or a label, read with {@code context} (its column header, its row, the table's first
   * header; or, for a bare figure, the tile it sits in).
   */
  public record Block(String text, boolean prose, List<String> context) {}

  /** Sentences at least this long that appear twice are the same fact said twice, not a shared label. */
  public static final int MIN_REPEAT_CHARS = 30;

  private static final Pattern PERCENT = Pattern.compile("(?<![\\w.])\\d[\\d,]*(?:\\.\\d+)?\\s?%");
  // A confidence level names how sure an interval is, not a share of anything.
  private static final Pattern CONFIDENCE = Pattern.compile("^\\s*(?:normal\\s+)?(?:interval|confidence)");
  /** "of 990 consenting users", "of their jobs", "of finished jobs", "share of jobs": the base a share is of. */
  private static final Pattern BASE = Pattern.compile(
      "(?i)\\bof\\b(?:\\s+[\\p{L}\\d,.'’()-]+){0,5}?\\s+(?:users?|jobs?|conversations?|credits?|messages?)\\b"
          + "|\\bof\\s+(?:users?|jobs?|conversations?)\\b");
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[^a-z])");
  private static final Pattern CLAUSE_END = Pattern.compile("(?<=[.!?])\\s+|\\s*[;·]\\s*");
  private static final Pattern BARE_FIGURE = Pattern.compile("[\\s\\d.,%–→-]*|n/a");

  // ---------------------------------------------------------------------------------------------------------------
  // The checks

  /**
   * Sentences (of prose blocks) said twice, or said again, whole words, inside a longer one: each as "a  ⟂  b".
   * Text in tables is left out: a row's cells describe that row, so two rows may rightly read alike.
   */
  public static List<String> repeatedSentences(List<Block> blocks) {
    List<String> sentences = new ArrayList<>();
    for (Block block : blocks) {
      if (block.prose()) {
        for (String sentence : SENTENCE_END.split(block.text())) {
          String normalised = normalised(sentence);
          if (normalised.length() >= MIN_REPEAT_CHARS) {
            sentences.add(normalised);
          }
        }
      }
    }
    List<String> repeats = new ArrayList<>();
    for (int i = 0; i < sentences.size(); i++) {
      for (int j = 0; j < sentences.size(); j++) {
        String a = sentences.get(i);
        String b = sentences.get(j);
        if (i != j && (a.equals(b) ? i < j : (" " + b + " ").contains(" " + a + " "))) {
          repeats.add(a + "  ⟂  " + b);
        }
      }
    }
    return repeats;
  }

  /** Every percentage whose clause, and (for a cell or a bare figure) whose headers or tile, name no base. */
  public static List<String> percentagesWithoutBase(List<Block> blocks) {
    List<String> bare = new ArrayList<>();
    for (Block block : blocks) {
      for (String clause : CLAUSE_END.split(block.text())) {
        if (hasBarePercentage(clause) && !BASE.matcher(clause).find()
            && block.context().stream().noneMatch(c -> BASE.matcher(c).find())) {
          bare.add(clause.strip() + (block.context().isEmpty() ? "" : "   [read with: " + block.context() + "]"));
        }
      }
    }
    return bare;
  }

  private static boolean hasBarePercentage(String clause) {
    Matcher m = PERCENT.matcher(clause);
    while (m.find()) {
      if (!CONFIDENCE.matcher(clause.substring(m.end())).lookingAt()) {
        return true;
      }
    }
    return false;
  }

  /** Lower case, letters, digits and % only, single spaces: how a reader hears a sentence again. */
  public static String normalised(String sentence) {
    return sentence.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\d%]+", " ").strip();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // report.html

  private static final Set<String> BLOCK_TAGS = Set.of("html", "body", "main", "header", "footer", "section", "div",
      "p", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "td", "th", "caption", "h1", "h2", "h3",
      "h4", "h5", "h6");
  private static final Set<String> LABEL_TAGS = Set.of("h1", "h2", "h3", "h4", "h5", "h6", "dt", "th", "td");
  private static final Set<String> VOID_TAGS = Set.of("meta", "br", "hr", "img", "input", "link", "wbr");
  private static final Set<String> SKIPPED_TAGS = Set.of("head", "svg", "style", "script", "title");
  private static final Pattern TOKEN = Pattern.compile("<!--.*?-->|<!\\w[^>]*>|<(/?)([a-zA-Z][\\w-]*)([^>]*)>|([^<]+)",
      Pattern.DOTALL);
  private static final Pattern CLASS = Pattern.compile("class=\"([^\"]*)\"");

  /** An element of the page: its tag, its class and its children (elements or text). */
  private static final class Element {
    final String tag;
    final String cssClass;
    final Element parent;
    final List<Object> children = new ArrayList<>();

    Element(String tag, String cssClass, Element parent) {
      this.tag = tag;
      this.cssClass = cssClass;
      this.parent = parent;
    }

    String text() {
      StringBuilder out = new StringBuilder();
      for (Object child : children) {
        out.append(child instanceof Element e ? " " + e.text() + " " : child);
      }
      return out.toString().replaceAll("\\s+", " ").strip();
    }

    boolean hasBlockDescendant() {
      return children.stream().anyMatch(c -> c instanceof Element e
          && (BLOCK_TAGS.contains(e.tag) || e.hasBlockDescendant()));
    }

    List<Element> elements() {
      return children.stream().filter(Element.class::isInstance).map(Element.class::cast).toList();
    }

    Element ancestor(String tag) {
      for (Element e = parent; e != null; e = e.parent) {
        if (e.tag.equals(tag)) {
          return e;
        }
      }
      return null;
    }
  }

  /** The page's readable blocks, in order: every innermost block element (charts and the head left out). */
  public static List<Block> html(String page) {
    Element root = parse(page);
    List<Block> blocks = new ArrayList<>();
    collect(root, blocks);
    return blocks;
  }

  private static Element parse(String page) {
    Element root = new Element("#root", "", null);
    Deque<Element> open = new ArrayDeque<>();
    open.push(root);
    int skipping = 0;
    Matcher m = TOKEN.matcher(page);
    while (m.find()) {
      if (m.group(4) != null) {
        if (skipping == 0) {
          open.peek().children.add(unescape(m.group(4)));
        }
        continue;
      }
      if (m.group(2) == null) {
        continue; // a comment or the doctype
      }
      String tag = m.group(2).toLowerCase(Locale.ROOT);
      boolean closing = !m.group(1).isEmpty();
      if (SKIPPED_TAGS.contains(tag)) {
        skipping += closing ? -1 : 1;
        continue;
      }
      if (skipping > 0 || VOID_TAGS.contains(tag)) {
        continue;
      }
      if (closing) {
        while (open.size() > 1 && !open.pop().tag.equals(tag)) {
          // an unclosed element ends with its parent
        }
      } else {
        Matcher cls = CLASS.matcher(m.group(3));
        Element element = new Element(tag, cls.find() ? cls.group(1) : "", open.peek());
        open.peek().children.add(element);
        open.push(element);
      }
    }
    return root;
  }

  private static void collect(Element element, List<Block> blocks) {
    if (BLOCK_TAGS.contains(element.tag) && !element.hasBlockDescendant()) {
      String text = element.text();
      if (!text.isEmpty()) {
        blocks.add(block(element, text));
      }
      return;
    }
    for (Element child : element.elements()) {
      collect(child, blocks);
    }
  }

  private static Block block(Element element, String text) {
    Element cell = element.tag.equals("td") || element.tag.equals("th") ? element : element.ancestor("td");
    if (cell != null && BARE_FIGURE.matcher(text).matches()) {
      return new Block(text, false, cellContext(cell));
    }
    if (BARE_FIGURE.matcher(text).matches() && element.parent != null) {
      return new Block(text, false, List.of(element.parent.text())); // a tile's figure reads with its label
    }
    return new Block(text, !LABEL_TAGS.contains(element.tag) && cell == null, List.of());
  }

  /** A cell reads with its column's header, its row, and the table's first header (what the rows are). */
  private static List<String> cellContext(Element cell) {
    Element row = cell.ancestor("tr");
    Element table = cell.ancestor("table");
    List<String> context = new ArrayList<>();
    if (row == null || table == null) {
      return context;
    }
    List<Element> cells = row.elements();
    int column = cells.indexOf(cell);
    List<Element> header = headerCells(table);
    if (column >= 0 && column < header.size()) {
      context.add(header.get(column).text());
    }
    if (!header.isEmpty()) {
      context.add(header.get(0).text());
    }
    context.add(row.text());
    return context;
  }

  private static List<Element> headerCells(Element table) {
    Deque<Element> todo = new ArrayDeque<>(table.elements());
    while (!todo.isEmpty()) {
      Element e = todo.pop();
      if (e.tag.equals("tr")) {
        return e.elements().stream().allMatch(c -> c.tag.equals("th")) ? e.elements() : List.of();
      }
      todo.addAll(e.elements());
    }
    return List.of();
  }

  private static String unescape(String text) {
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
        .replace("&amp;", "&");
  }

  // ---------------------------------------------------------------------------------------------------------------
  // summary.md

  private static final Pattern LIST_ITEM = Pattern.compile("^(?:[-*]|\\d+\\.)\\s+");
  private static final Pattern CELL_BAR = Pattern.compile("(?<!\\\\)\\|");

  /** The Markdown's readable blocks: paragraphs, quotes, list items (with their indented lines), table cells. */
  public static List<Block> markdown(String md) {
    List<Block> blocks = new ArrayList<>();
    List<String> lines = List.of(md.split("\n"));
    StringBuilder paragraph = new StringBuilder();
    List<List<String>> table = new ArrayList<>();
    for (String line : lines) {
      boolean continuation = line.startsWith("   ") && !line.isBlank() && paragraph.length() > 0;
      if (continuation) {
        paragraph.append(' ').append(line.strip());
        continue;
      }
      if (!line.startsWith("|") && !table.isEmpty()) {
        tableBlocks(table, blocks);
        table.clear();
      }
      if (line.isBlank() || line.startsWith("#") || line.equals("---") || LIST_ITEM.matcher(line).lookingAt()
          || line.startsWith("|") || line.startsWith(">")) {
        flush(paragraph, blocks);
      }
      if (line.isBlank() || line.startsWith("#") || line.equals("---")) {
        continue;
      }
      if (line.startsWith("|")) {
        if (!line.matches("\\|[-:|\\s]+\\|?")) {
          table.add(cells(line));
        }
        continue;
      }
      String text = line.startsWith(">") ? line.substring(1) : LIST_ITEM.matcher(line).replaceFirst("");
      paragraph.append(paragraph.length() == 0 ? "" : " ").append(text.strip());
      if (line.startsWith(">")) {
        flush(paragraph, blocks);
      }
    }
    flush(paragraph, blocks);
    if (!table.isEmpty()) {
      tableBlocks(table, blocks);
    }
    return blocks;
  }

  private static void flush(StringBuilder paragraph, List<Block> blocks) {
    if (paragraph.length() > 0) {
      blocks.add(new Block(plain(paragraph.toString()), true, List.of()));
      paragraph.setLength(0);
    }
  }

  private static List<String> cells(String row) {
    String inner = row.strip().replaceAll("^\\|", "").replaceAll("(?<!\\\\)\\|$", "");
    List<String> cells = new ArrayList<>();
    for (String cell : CELL_BAR.split(inner, -1)) {
      cells.add(plain(cell.strip()));
    }
    return cells;
  }

  private static void tableBlocks(List<List<String>> table, List<Block> blocks) {
    List<String> header = table.get(0);
    for (String cell : header) {
      blocks.add(new Block(cell, false, List.of()));
    }
    for (List<String> row : table.subList(1, table.size())) {
      for (int column = 0; column < row.size(); column++) {
        List<String> context = new ArrayList<>();
        context.add(column < header.size() ? header.get(column) : "");
        context.add(header.get(0));
        context.add(String.join(" ", row));
        blocks.add(new Block(row.get(column), false, context));
      }
    }
  }

  /** Markdown emphasis and backslash escapes taken off: the text as it reads. */
  static String plain(String md) {
    return md.replaceAll("(?<!\\\\)\\*\\*", "").replaceAll("(?<![\\\\\\w])_|(?<!\\\\)_(?!\\w)", "")
        .replaceAll("\\\\(.)", "$1").strip();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Slack

  /** A digest's readable blocks: each field, and each line of each section and context, mrkdwn marks taken off. */
  public static List<Block> slack(JsonNode payload) {
    List<Block> blocks = new ArrayList<>();
    for (JsonNode block : payload.path("blocks")) {
      for (JsonNode field : block.path("fields")) {
        blocks.add(new Block(slackPlain(field.path("text").asText()).replace('\n', ' '), true, List.of()));
      }
      List<String> texts = new ArrayList<>();
      texts.add(block.path("text").path("text").asText(""));
      block.path("elements").forEach(e -> texts.add(e.path("text").asText("")));
      for (String text : texts) {
        for (String line : text.split("\n")) {
          String plain = slackPlain(line);
          if (!plain.isEmpty()) {
            blocks.add(new Block(plain, true, List.of()));
          }
        }
      }
    }
    return blocks;
  }

  private static String slackPlain(String text) {
    return text.replaceAll("[*_•]", "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip();
  }
}
