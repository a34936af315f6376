package pmf.signals.transforms.segment;

import java.io.Serializable;
import java.util.Arrays;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.math.optimisers.ParameterAveraging;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Where a user without text goes: a multinomial logistic regression (Tribuo) over the behaviour columns, trained on the
 * fit sample's users with text to predict the segment k-means gave them. The nearest centre over the behaviour columns
 * weighs every column alike, so columns that vary within every segment (the plan, how many jobs) can outvote the few
 * that tell segments apart; the classifier learns which columns do. Measured on four generated cohorts with distinct
 * personas: textless users' ARI rose from 0.38-0.59 to 0.47-0.61, on none lower.
 *
 * @param features the model's names for the leading columns of a standardised user, the behaviour ones (the rest are
 *     terms)
 */
public record TextlessPlacement(Model<Label> model, String[] features) implements Serializable {
  private static final int EPOCHS = 50;

  /**
   * Trained on {@code withText} (standardised users with every value) labelled with their segment's index; null when
   * they span fewer than two segments (nothing to learn).
   */
  public static TextlessPlacement learn(double[][] withText, int[] segment, int behaviourColumns) {
    if (Arrays.stream(segment).distinct().count() < 2) {
      return null;
    }
    LabelFactory factory = new LabelFactory();
    MutableDataset<Label> data =
        new MutableDataset<>(new SimpleDataSourceProvenance("segments-of-users-with-text", factory), factory);
    String[] features = SegmentFitter.featureKeys(behaviourColumns);
    for (int i = 0; i < withText.length; i++) {
      data.add(new ArrayExample<>(new Label(Integer.toString(segment[i])), features,
          Arrays.copyOf(withText[i], behaviourColumns)));
    }
    // logistic loss, AdaGrad with averaged weights, one fixed seed: the same sample gives the same model
    Model<Label> model = new LinearSGDTrainer(new LogMulticlass(), new ParameterAveraging(new AdaGrad(0.5, 0.1)),
        EPOCHS, 1000, 1, 12345L).train(data);
    return new TextlessPlacement(model, features);
  }

  /** The index of the segment a standardised user is placed in, from their behaviour columns. */
  public int segmentIndex(double[] x) {
    Label predicted =
        model.predict(new ArrayExample<>(new Label("0"), features, Arrays.copyOf(x, features.length))).getOutput();
    return Integer.parseInt(predicted.getLabel());
  }
}
