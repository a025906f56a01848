package io.s3panel.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;

/** Markdown output, echoed to stdout as it is written and saved under {@code bench-results/}. */
public final class Report {
  private final StringBuilder text = new StringBuilder();

  /** One line. */
  /** Everything written so far. */
  public String text() {
    return text.toString();
  }

  public void line(String s) {
    text.append(s).append('\n');
    System.out.println(s);
    System.out.flush();
  }

  /** A formatted line. */
  public void f(String format, Object... args) {
    line(String.format(Locale.ROOT, format, args));
  }

  /** A table. */
  public void table(List<String> header, List<List<Object>> rows) {
    line("");
    line("| " + String.join(" | ", header) + " |");
    line("|" + "---|".repeat(header.size()));
    for (List<Object> row : rows) {
      StringBuilder b = new StringBuilder("|");
      for (Object o : row) {
        b.append(' ').append(fmt(o)).append(" |");
      }
      line(b.toString());
    }
    line("");
  }

  static String fmt(Object o) {
    if (o instanceof Double d) {
      double v = d;
      if (Double.isNaN(v)) {
        return "–";
      }
      return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v)
          : Math.abs(v) >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
    return String.valueOf(o);
  }

  /** Machine and load line. */
  public void machine() {
    Runtime rt = Runtime.getRuntime();
    f("- machine: %d CPUs (nproc), %.1f GiB RAM, %s %s (%s), max heap of this JVM %.1f GiB",
        rt.availableProcessors(), totalMemGiB(), System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"), System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        rt.maxMemory() / 1073741824.0);
    load("at start");
  }

  /** The load average now. */
  public void load(String when) {
    f("- load average %s: %s", when, loadavg());
  }

  static String loadavg() {
    try {
      return Files.readString(Paths.get("/proc/loadavg")).trim();
    } catch (IOException e) {
      return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  static double totalMemGiB() {
    try {
      for (String l : Files.readAllLines(Paths.get("/proc/meminfo"))) {
        if (l.startsWith("MemTotal:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1048576.0;
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return Double.NaN;
  }

  /** Saves the report as {@code dir/name}. */
  public Path save(Path dir, String name) {
    try {
      Files.createDirectories(dir);
      Path p = dir.resolve(name);
      Files.writeString(p, text);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
