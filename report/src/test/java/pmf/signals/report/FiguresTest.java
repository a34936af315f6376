package pmf.signals.report;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.Test;

public class FiguresTest {

  @Test
  public void countsGetThousandsSeparatorsAndMeasuresAtMostTwoDecimals() {
    assertThat(Figures.number(1151), equalTo("1,151"));
    assertThat(Figures.number(5230), equalTo("5,230"));
    assertThat(Figures.number(3.4), equalTo("3.4"));
    assertThat(Figures.number(0.845), equalTo("0.85"));
    assertThat(Figures.number(0), equalTo("0"));
  }

  @Test
  public void ratesAreWholePercentsButASmallRateNeverReadsAsZero() {
    assertThat(Figures.percent(0.141), equalTo("14%"));
    assertThat(Figures.percent(0.163), equalTo("16%"));
    assertThat(Figures.percent(1.0), equalTo("100%"));
    assertThat(Figures.percent(0.004), equalTo("0.4%"));
    assertThat(Figures.percent(0), equalTo("0%"));
  }

  @Test
  public void anIntervalWhoseBoundsRoundAlikeGainsADecimalAndIsOneValueWhenEqual() {
    JsonNodeFactory json = JsonNodeFactory.instance;
    assertThat(Figures.interval(json.numberNode(0.869), json.numberNode(0.911)), equalTo("87%–91%"));
    assertThat(Figures.interval(json.numberNode(0.948), json.numberNode(0.952)), equalTo("94.8%–95.2%"));
    assertThat(Figures.interval(json.numberNode(0.95), json.numberNode(0.95)), equalTo("95%"));
    assertThat(Figures.interval(json.numberNode(0.9501), json.numberNode(0.9504)), equalTo("95%"));
    assertThat(Figures.interval(json.nullNode(), json.numberNode(0.5)), equalTo("n/a"));
  }

  @Test
  public void scoresKeepTwoDecimalsAndUnknownsSayNotAvailable() {
    JsonNodeFactory json = JsonNodeFactory.instance;
    assertThat(Figures.score(json.numberNode(0.84)), equalTo("0.84"));
    assertThat(Figures.score(json.numberNode(0.5)), equalTo("0.50"));
    assertThat(Figures.percent(json.nullNode()), equalTo("n/a"));
    assertThat(Figures.number(json.missingNode()), equalTo("n/a"));
  }

  @Test
  public void datesReadAsDayMonthYearAndRatesAreRecognisedByName() {
    assertThat(Figures.date("2026-11-23"), equalTo("23 Nov 2026"));
    assertThat(Figures.shortDate("2026-11-03"), equalTo("3 Nov"));
    assertThat(Figures.date("not a date"), equalTo("not a date"));
    assertThat(Figures.window(Summaries.tree("{\"from\": \"2026-11-10\", \"to\": \"2026-11-16\"}")),
        equalTo("10–16 Nov 2026"));
    assertThat(Figures.window(Summaries.tree("{\"from\": \"2026-10-25\", \"to\": \"2026-11-09\"}")),
        equalTo("25 Oct – 9 Nov 2026"));
    assertThat(Figures.window(Summaries.tree("{\"from\": \"2025-12-25\", \"to\": \"2026-01-07\"}")),
        equalTo("25 Dec 2025 – 7 Jan 2026"));
    assertThat(Figures.metricValue("job failure rate", JsonNodeFactory.instance.numberNode(0.12)), equalTo("12%"));
    assertThat(Figures.metricValue("hours to first successful job", JsonNodeFactory.instance.numberNode(0.4)),
        equalTo("0.4"));
  }
}
