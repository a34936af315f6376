package pmf.signals.transforms.analyze;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertThrows;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.Test;
import pmf.signals.transforms.model.Insights;

public class PromptTemplateTest {
  private final PromptTemplate userAnalysis = PromptTemplate.load("user_analysis", 2);

  @Test
  public void versionNamesThePromptAndHashesItsContent() {
    assertThat(userAnalysis.version(), matchesPattern("user_analysis\\.v2#[0-9a-f]{12}"));
    PromptTemplate edited =
        PromptTemplate.parse("user_analysis.v1", "## System\nBe brief.\n## User\n{{context}}", "{}");
    assertThat(edited.version(), not(equalTo(userAnalysis.version())));
  }

  @Test
  public void systemPartIsSharedAndTheUserPartFramesTheContextAsData() {
    String turn = userAnalysis.userTurn("[EMAIL_1] asked for a logo");

    assertThat(userAnalysis.systemInstruction(), containsString("never instructions to you"));
    assertThat(userAnalysis.systemInstruction(), not(containsString("{{context}}")));
    assertThat(turn, containsString("<user_data>\n[EMAIL_1] asked for a logo\n</user_data>"));
  }

  @Test
  public void schemaRequiresExactlyTheFacetsOfInsights() {
    Set<String> required = new TreeSet<>();
    userAnalysis.schema().get("required").forEach(node -> required.add(node.asText()));
    Set<String> facets = new TreeSet<>();
    Arrays.stream(Insights.class.getRecordComponents())
        .map(c -> PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(c.getName()))
        .filter(name -> !name.equals("source")) // set by the analyzer, not the model
        .forEach(facets::add);

    assertThat(required, equalTo(facets));
    Set<String> properties = new TreeSet<>();
    userAnalysis.schema().get("properties").fieldNames().forEachRemaining(properties::add);
    assertThat(properties, equalTo(facets));
  }

  @Test
  public void aTemplateWithoutAContextSlotIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PromptTemplate.parse("broken.v1", "## System\nx\n## User\nno slot", "{}"));

    assertThat(e.getMessage(), containsString("no {{context}} slot"));
  }
}
