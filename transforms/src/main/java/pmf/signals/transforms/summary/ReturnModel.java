package pmf.signals.transforms.summary;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.math.optimisers.ParameterAveraging;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import pmf.signals.transforms.model.UserMetrics;

/**
 * Who will return: Tribuo's logistic regression on past dates' behaviour, the label being "active again within 7
 * days". Judged on a time-based hold-out (the latest labelled dates, trained only on earlier ones), then refitted on
 * every labelled date to score today's users.
 */
public final class ReturnModel implements Serializable {
  /** A user on a past date, and whether they were active again within the following 7 days. */
  public record Example(LocalDate date, UserMetrics metrics, boolean returned) implements Serializable {}

  /** How the model was judged: the windows, sizes, hold-out AUC and the base rate, or why it was not trained. */
  public record Report(String status, LocalDate trainFrom, LocalDate trainTo, int trainExamples, LocalDate holdoutFrom,
      LocalDate holdoutTo, int holdoutExamples, double holdoutAuc, double holdoutBaseRate, double holdoutBrier)
      implements Serializable {}

  static final Label RETURNED = new Label("returned");
  static final Label GONE = new Label("gone");
  /** Labelled dates held out for judging, the latest ones. */
  static final int HOLDOUT_DATES = 7;

  static final int MIN_EXAMPLES = 200;

  static final int EPOCHS = 100;

  /** Tribuo logs every SGD epoch at INFO; held here so the setting is not garbage-collected. */
  private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

  static {
    TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final ReturnFeatures features;
  private final Model<Label> model;
  private final Report report;

  private ReturnModel(ReturnFeatures features, Model<Label> model, Report report) {
    this.features = features;
    this.model = model;
    this.report = report;
  }

  public static final String METHOD = "Tribuo logistic regression (SGD, AdaGrad with parameter averaging, 100 epochs) on"
      + " standardised behaviour of past dates and what went wrong on the date;"
      + " label: active again within 7 days; judged on the latest 7 labelled dates, trained on earlier ones";

  /** Fits and judges the model, or returns one that scores nobody and says why. */
  public static ReturnModel train(List<Example> examples) {
    TreeSet<LocalDate> dates = new TreeSet<>();
    examples.forEach(e -> dates.add(e.date()));
    long positives = examples.stream().filter(Example::returned).count();
    if (dates.size() < HOLDOUT_DATES + 7 || examples.size() < MIN_EXAMPLES || positives == 0
        || positives == examples.size()) {
      return new ReturnModel(null, null, new Report("not enough history: " + dates.size()
          + " labelled dates and " + examples.size() + " examples (needs " + (HOLDOUT_DATES + 7) + " dates, "
          + MIN_EXAMPLES + " examples, both outcomes)", null, null, 0, null, null, 0, Double.NaN, Double.NaN,
          Double.NaN));
    }
    LocalDate holdoutFrom = new ArrayList<>(dates).get(dates.size() - HOLDOUT_DATES);
    List<Example> train = examples.stream().filter(e -> e.date().isBefore(holdoutFrom)).toList();
    List<Example> holdout = examples.stream().filter(e -> !e.date().isBefore(holdoutFrom)).toList();
    ReturnFeatures trainFeatures = ReturnFeatures.fit(train.stream().map(Example::metrics).toList());
    Model<Label> judged = fit(trainFeatures, train);
    double auc = new LabelEvaluator().evaluate(judged, dataset(trainFeatures, holdout)).AUCROC(RETURNED);
    double brier = 0;
    for (Example e : holdout) {
      double p = probability(judged, trainFeatures, e.metrics());
      brier += Math.pow(p - (e.returned() ? 1 : 0), 2) / holdout.size();
    }
    double base = holdout.stream().filter(Example::returned).count() / (double) holdout.size();
    ReturnFeatures allFeatures = ReturnFeatures.fit(examples.stream().map(Example::metrics).toList());
    Report report = new Report("trained", dates.first(), holdoutFrom.minusDays(1), train.size(), holdoutFrom,
        dates.last(), holdout.size(), auc, base, brier);
    return new ReturnModel(allFeatures, fit(allFeatures, examples), report);
  }

  public Report report() {
    return report;
  }

  public boolean trained() {
    return model != null;
  }

  /** The probability that this user is active again within 7 days, or null without a trained model. */
  public Double score(UserMetrics metrics) {
    return model == null ? null : probability(model, features, metrics);
  }

  private static Model<Label> fit(ReturnFeatures features, List<Example> examples) {
    // Logistic loss, AdaGrad, more epochs than the default 5: the examples are few and the features standardised.
    // Averaging the weights over the steps: the last step's weights wander with the shuffling seed (hold-out AUC
    // moved by +-0.01 between seeds), their average does not. 100 epochs: chosen on the training dates alone.
    return new LinearSGDTrainer(new LogMulticlass(), new ParameterAveraging(new AdaGrad(0.5, 0.1)), EPOCHS, 1000,
        1, 12345L).train(dataset(features, examples));
  }

  private static MutableDataset<Label> dataset(ReturnFeatures features, List<Example> examples) {
    LabelFactory factory = new LabelFactory();
    MutableDataset<Label> data =
        new MutableDataset<>(new SimpleDataSourceProvenance("return-examples", factory), factory);
    String[] names = keys(features.names().size());
    List<Example> ordered = new ArrayList<>(examples);
    ordered.sort(Comparator.comparing(Example::date)); // SGD sees the same order every time
    for (Example e : ordered) {
      data.add(new ArrayExample<>(e.returned() ? RETURNED : GONE, names, features.vector(e.metrics())));
    }
    return data;
  }

  private static double probability(Model<Label> model, ReturnFeatures features, UserMetrics m) {
    Prediction<Label> p = model.predict(new ArrayExample<>(GONE, keys(features.names().size()), features.vector(m)));
    Label returned = p.getOutputScores().get(RETURNED.getLabel());
    return returned == null ? 0 : returned.getScore();
  }

  private static String[] keys(int d) {
    String[] out = new String[d];
    for (int j = 0; j < d; j++) {
      out[j] = String.format("f%03d", j);
    }
    return out;
  }
}
