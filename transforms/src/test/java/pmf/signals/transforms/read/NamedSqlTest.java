package pmf.signals.transforms.read;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import org.junit.Test;

public class NamedSqlTest {

  @Test
  public void givenNamedParameters_replacesEachWithAPlaceholderInOrder() {
    NamedSql sql = NamedSql.parse("SELECT * FROM t WHERE a >= :day_start AND b < :day_end AND c = :day_start");

    assertThat(sql.sql(), equalTo("SELECT * FROM t WHERE a >= ? AND b < ? AND c = ?"));
    assertThat(sql.parameterNames(), contains("day_start", "day_end", "day_start"));
  }

  @Test
  public void givenCastsLiteralsAndComments_leavesThemAlone() {
    NamedSql sql = NamedSql.parse("SELECT x::text, ':not_a_param' -- :nor_this\nFROM t WHERE y = :real");

    assertThat(sql.sql(), equalTo("SELECT x::text, ':not_a_param' -- :nor_this\nFROM t WHERE y = ?"));
    assertThat(sql.parameterNames(), contains("real"));
  }
}
