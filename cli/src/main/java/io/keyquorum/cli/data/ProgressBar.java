package io.keyquorum.cli.data;

import io.keyquorum.client.envelope.Progress;
import java.io.PrintWriter;

/**
 * A one-line progress bar on stderr for long file operations, redrawn with a carriage return at
 * most once per whole percent. Shown only when stderr is a terminal and the file is large, so
 * scripts and logs never see it.
 */
final class ProgressBar implements Progress {
  /** Files smaller than this finish too fast for a bar to help. */
  static final long THRESHOLD_BYTES = 8L << 20;
  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final long total;
  private int lastPercent = -1;

  ProgressBar(PrintWriter err, long total) {
    this.err = err;
    this.total = Math.max(total, 1);
  }

  /** A bar when stderr is a terminal and the input is large, else nothing. */
  static Progress forFile(PrintWriter err, long size) {
    return System.console() != null && size >= THRESHOLD_BYTES ? new ProgressBar(err, size) : Progress.NONE;
  }

  @Override
  public void bytesProcessed(long done) {
    int percent = (int) Math.min(100, done * 100 / total);
    if (percent == lastPercent) {
      return;
    }
    lastPercent = percent;
    int filled = percent * WIDTH / 100;
    err.print(String.format("\r[%s%s] %3d%% %.1f/%.1f MiB", "#".repeat(filled), " ".repeat(WIDTH - filled), percent,
        done / 1048576.0, total / 1048576.0));
    if (percent == 100) {
      err.println();
    }
    err.flush();
  }
}
