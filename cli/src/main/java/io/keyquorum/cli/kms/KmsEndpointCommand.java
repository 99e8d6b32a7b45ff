package io.keyquorum.cli.kms;

import io.keyquorum.cli.ExitCodes;
import io.keyquorum.kms.EndpointConfig;
import io.keyquorum.kms.EndpointLauncher;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kq kms-endpoint}: the AWS KMS-compatible endpoint (docs/AWS.md), in the foreground until
 * SIGINT/SIGTERM.
 */
@Command(name = "kms-endpoint", mixinStandardHelpOptions = true,
    description = "Serve the AWS KMS API (SigV4, JSON 1.1) as the keyquorum clients of a credentials file, until Ctrl-C.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped cleanly", "2:bad configuration, or the port could not be bound"})
public final class KmsEndpointCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "Endpoint configuration (JSON; docs/AWS.md).")
  Path config;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    EndpointLauncher launcher;
    String url;
    try {
      EndpointConfig loaded = EndpointConfig.load(config);
      launcher = EndpointLauncher.start(loaded);
      url = (loaded.tls().isPresent() ? "https://" : "http://") + loaded.listen().getHostString() + ":"
          + launcher.endpoint().address().getPort();
    } catch (IOException | RuntimeException e) {
      err.println("kq: kms-endpoint: " + e.getMessage());
      return ExitCodes.INVALID;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      launcher.close();
      stopped.countDown();
    }, "kq-kms-endpoint-shutdown"));
    out.println("AWS_ENDPOINT_URL_KMS=" + url);
    out.flush();
    stopped.await();
    return ExitCodes.OK;
  }
}
