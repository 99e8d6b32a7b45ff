package io.keyquorum.registry.log;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Child process for {@link SingleReplicaLogCrashTest}: four threads submit commands to a
 * SingleReplicaLog as fast as they can and print {@code ACK <command>} only after each commit
 * future completes, until the parent kills the process with SIGKILL.
 */
public final class LogWriterProcess {
  private LogWriterProcess() {}

  public static void main(String[] args) throws InterruptedException {
    SingleReplicaLog log = SingleReplicaLog.open(Path.of(args[0]));
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      Thread worker = new Thread(() -> {
        for (int i = 0; i < 1_000_000; i++) {
          String command = "w" + thread + "-" + i;
          log.submit(command.getBytes(StandardCharsets.UTF_8)).join();
          synchronized (System.out) {
            System.out.println("ACK " + command);
            System.out.flush();
          }
        }
      });
      threads.add(worker);
      worker.start();
    }
    for (Thread worker : threads) {
      worker.join();
    }
  }
}
