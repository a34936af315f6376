package pmf.signals.transforms.discover;

import java.util.List;
import org.tribuo.MutableDataset;
import org.tribuo.clustering.ClusterID;
import org.tribuo.clustering.ClusteringFactory;
import org.tribuo.clustering.hdbscan.HdbscanModel;
import org.tribuo.clustering.hdbscan.HdbscanTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.distance.DistanceType;
import org.tribuo.math.neighbour.NeighboursQueryFactoryType;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Tribuo's HDBSCAN over unit sentence vectors (Euclidean distance between unit vectors orders pairs as cosine does). A
 * density method: it finds as many clusters as the lines hold, of at least {@code minClusterSize} lines each, and
 * leaves lines that belong to none as noise (0) rather than forcing them into a cluster. It compares every pair of
 * fitted lines, so at most {@code fitLimit} are fitted and the rest are placed by the model (at the nearest cluster's
 * exemplars, or noise).
 */
final class DensityClusters {
  private DensityClusters() {}

  /** A cluster number per vector, 1.., or 0 for noise; the first {@code fitLimit} vectors are the fitted ones. */
  static int[] of(float[][] vectors, int minClusterSize, int minPoints, int fitLimit) {
    int[] labels = new int[vectors.length];
    int fitted = Math.min(fitLimit, vectors.length);
    if (fitted < Math.max(minClusterSize, minPoints + 1)) {
      return labels; // too few lines for any cluster of that size
    }
    String[] names = featureNames(vectors[0].length);
    ClusteringFactory factory = new ClusteringFactory();
    MutableDataset<ClusterID> data = new MutableDataset<>(new SimpleDataSourceProvenance("lines", factory), factory);
    for (int i = 0; i < fitted; i++) {
      data.add(example(names, vectors[i]));
    }
    HdbscanModel model = new HdbscanTrainer(minClusterSize, DistanceType.L2.getDistance(), minPoints, 1,
        NeighboursQueryFactoryType.BRUTE_FORCE).train(data);
    List<Integer> fit = model.getClusterLabels();
    for (int i = 0; i < fitted; i++) {
      labels[i] = fit.get(i);
    }
    for (int i = fitted; i < vectors.length; i++) {
      labels[i] = model.predict(example(names, vectors[i])).getOutput().getID();
    }
    return labels;
  }

  private static ArrayExample<ClusterID> example(String[] names, float[] v) {
    double[] values = new double[v.length];
    for (int j = 0; j < v.length; j++) {
      values[j] = v[j];
    }
    return new ArrayExample<>(ClusteringFactory.UNASSIGNED_CLUSTER_ID, names, values);
  }

  private static String[] featureNames(int dimensions) {
    String[] names = new String[dimensions];
    for (int j = 0; j < dimensions; j++) {
      names[j] = String.format(java.util.Locale.ROOT, "e%03d", j);
    }
    return names;
  }
}
