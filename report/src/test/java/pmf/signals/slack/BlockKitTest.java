package pmf.signals.slack;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.List;
import org.junit.Test;
import pmf.signals.transforms.json.Json;

/** The validator the digest tests lean on: it must accept what Slack accepts and name what it would refuse. */
public class BlockKitTest {

  private static ObjectNode payload(ObjectNode... blocks) {
    ObjectNode payload = Json.MAPPER.createObjectNode();
    payload.put("text", "fallback");
    ArrayNode array = payload.putArray("blocks");
    for (ObjectNode b : blocks) {
      array.add(b);
    }
    return payload;
  }

  private static List<String> problems(ObjectNode... blocks) {
    return BlockKit.validate(payload(blocks));
  }

  @Test
  public void givenEachAllowedBlock_findsNoProblem() {
    assertThat(
        problems(
            BlockKit.header("PMF signals · 2026-11-23"),
            BlockKit.context(":warning: *offline*"),
            BlockKit.section("*Key numbers*", List.of("*Active*\n1,151", "*Return D7*\n31%")),
            BlockKit.divider(),
            BlockKit.section("<https://reports.example/r.html?a=1&amp;b=2|Open the full report>")),
        empty());
  }

  @Test
  public void givenOtherBlockTypes_namesThem() {
    ObjectNode image = Json.MAPPER.createObjectNode().put("type", "image");
    assertThat(problems(image), contains(containsString("blocks[0].type: 'image' is not one of")));
  }

  @Test
  public void givenMissingFallbackOrBlocks_saysSo() {
    ObjectNode noText = payload(BlockKit.divider());
    noText.remove("text");
    assertThat(BlockKit.validate(noText), contains(containsString("text: the fallback")));
    assertThat(problems(), contains(containsString("blocks: missing or empty")));
    assertThat(BlockKit.validate(null), contains("payload: missing"));
  }

  @Test
  public void givenTextsOverTheirLimits_namesEachOne() {
    assertThat(problems(BlockKit.header("h".repeat(151))),
        contains("blocks[0].text.text: 151 characters, more than 150"));
    assertThat(problems(BlockKit.section("s".repeat(3001))),
        contains("blocks[0].text.text: 3001 characters, more than 3000"));
    assertThat(problems(BlockKit.section("s", List.of("f".repeat(2001)))),
        contains("blocks[0].fields[0].text: 2001 characters, more than 2000"));
  }

  @Test
  public void givenTooManyFieldsOrBlocks_saysSo() {
    assertThat(problems(BlockKit.section("s", Collections.nCopies(11, "f"))),
        contains("blocks[0].fields: 11 fields, more than 10"));
    ObjectNode[] blocks = new ObjectNode[51];
    for (int i = 0; i < blocks.length; i++) {
      blocks[i] = BlockKit.divider();
    }
    assertThat(problems(blocks), contains("blocks: 51 blocks, more than 50"));
  }

  @Test
  public void givenWrongOrMissingPieces_saysSo() {
    ObjectNode header = BlockKit.header("x");
    ((ObjectNode) header.get("text")).put("type", "mrkdwn");
    assertThat(problems(header), hasItem(containsString("blocks[0].text.type: 'mrkdwn' is not one of")));

    ObjectNode bare = Json.MAPPER.createObjectNode().put("type", "section");
    assertThat(problems(bare), contains("blocks[0]: a section needs text or fields"));

    assertThat(problems(BlockKit.section("")), contains("blocks[0].text.text: missing or empty"));

    ObjectNode accessory = BlockKit.section("x");
    accessory.putObject("accessory").put("type", "button");
    assertThat(problems(accessory), contains("blocks[0].accessory: not a field this validator allows"));
  }

  @Test
  public void givenUnescapedMentionsOrAmpersands_flagsThem() {
    assertThat(problems(BlockKit.section("hey <!channel>")), contains(containsString("unescaped '<' or '>'")));
    assertThat(problems(BlockKit.section("ping <@U024BE7LH>")), contains(containsString("unescaped '<' or '>'")));
    assertThat(problems(BlockKit.section("<javascript:alert(1)|x>")), contains(containsString("unescaped '<'")));
    assertThat(problems(BlockKit.context("fish & chips")), contains(containsString("unescaped '&'")));
    assertThat(problems(BlockKit.section("fish &amp; chips &lt;3")), empty());
  }
}
