package pmf.signals.devtools;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.Test;

public class PhrasingVarietyTest {

  @Test
  public void userMessagesOfA200UserCohort_rarelyRepeat_andShareNoTemplatePrefix() throws Exception {
    List<String> texts = new ArrayList<>();
    try (Connection c = TestPostgres.connect(TestPostgres.standard().url()); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT content FROM messages WHERE role = 'user' AND content <> ''")) {
      while (rs.next()) {
        texts.add(rs.getString(1));
      }
    }
    assertThat(texts.size(), greaterThan(3000));
    double distinct = new HashSet<>(texts).size() / (double) texts.size();
    assertThat("distinct / total", distinct, greaterThanOrEqualTo(0.9));

    Map<String, Integer> prefixes = new HashMap<>();
    for (String t : texts) {
      String[] words = t.toLowerCase(Locale.ROOT).strip().split("\\s+");
      prefixes.merge(String.join(" ", java.util.Arrays.copyOf(words, Math.min(4, words.length))), 1, Integer::sum);
    }
    Map.Entry<String, Integer> top = prefixes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
    assertThat("share of the commonest 4-word prefix '" + top.getKey() + "'", top.getValue() / (double) texts.size(),
        lessThanOrEqualTo(0.05));
  }
}
