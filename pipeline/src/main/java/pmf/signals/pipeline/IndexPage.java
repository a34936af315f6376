package pmf.signals.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pmf.signals.transforms.json.Json;
import pmf.signals.report.IndexHtml;

/**
 * {@code OUTPUTDIR/index.html}: every date in {@code daily_summary}, rewritten after each run and at the end of a
 * backfill. Written to a temporary file and moved into place, so a reader never sees half a page.
 */
final class IndexPage {
  private static final Logger LOG = LoggerFactory.getLogger(IndexPage.class);
  static final String FILE = "index.html";

  /** Only the parts of each summary the page reads: years of whole summaries would be tens of megabytes. */
  private static final String DAYS = "SELECT analysis_date, jsonb_build_object("
      + IndexHtml.SUMMARY_FIELDS.stream().map(f -> "'" + f + "', summary->'" + f + "'")
          .collect(Collectors.joining(", "))
      + ")::text FROM daily_summary ORDER BY analysis_date";

  private IndexPage() {}

  /** Writes {@code outputDir/index.html} from every row of {@code daily_summary}; returns its path. */
  static Path write(Connection conn, Path outputDir) throws SQLException, IOException {
    List<IndexHtml.Day> days = days(conn, outputDir);
    Files.createDirectories(outputDir);
    Path index = outputDir.resolve(FILE);
    // Beside the target, so the move is a rename; not createTempFile, whose owner-only mode the page would keep.
    Path temp = outputDir.resolve("." + FILE + "." + UUID.randomUUID() + ".tmp");
    try {
      Files.writeString(temp, IndexHtml.render(days), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
      moveIntoPlace(temp, index);
    } finally {
      Files.deleteIfExists(temp);
    }
    return index;
  }

  /**
   * Writes the index and prints its path as the run prints its report's. A failure is a warning, not the run's: the
   * day's own files are written, and the next run writes the index again.
   */
  static void writeAndPrint(Connection conn, Path outputDir, PrintStream out, PrintStream err) {
    try {
      out.println("  index            " + write(conn, outputDir).toAbsolutePath());
    } catch (SQLException | IOException | RuntimeException e) {
      LOG.warn("index.html not written", e);
      err.println("warning: " + outputDir.resolve(FILE) + " was not rewritten (" + e.getClass().getSimpleName() + ": "
          + e.getMessage() + "); each date's own files are written");
    }
  }

  static List<IndexHtml.Day> days(Connection conn, Path outputDir) throws SQLException, IOException {
    List<IndexHtml.Day> days = new ArrayList<>();
    try (PreparedStatement query = conn.prepareStatement(DAYS); ResultSet rs = query.executeQuery()) {
      while (rs.next()) {
        LocalDate date = rs.getObject(1, LocalDate.class);
        JsonNode summary = Json.tree(rs.getString(2));
        days.add(new IndexHtml.Day(date, summary,
            Files.isRegularFile(outputDir.resolve(date.toString()).resolve("report.html"))));
      }
    }
    return days;
  }

  private static void moveIntoPlace(Path temp, Path index) throws IOException {
    try {
      Files.move(temp, index, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, index, StandardCopyOption.REPLACE_EXISTING); // a file system without atomic renames
    }
  }
}
