package io.keyquorum.rpc.pki;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a node certificate asserts: the node id and the names it may be dialled by.
 *
 * @param nodeId carried as CN and as SAN URI {@code keyquorum://node/<id>}
 * @param dnsNames SAN DNS entries the certificate is valid for
 * @param ipAddresses SAN IP entries (literal addresses such as {@code 127.0.0.1})
 * @param validity how long the certificate is valid from issue
 */
public record NodeCertificateSpec(
    String nodeId, List<String> dnsNames, List<String> ipAddresses, Duration validity) {

  /** Two years: long enough for operators, short enough that a lost key expires. */
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(2 * 365);

  private static final Pattern DNS_NAME =
      Pattern.compile("(?=.{1,253}$)(\\*\\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.?)+");
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  public NodeCertificateSpec {
    CertificateNodeId.requireValid(nodeId);
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
    for (String dns : dnsNames) {
      if (!DNS_NAME.matcher(dns).matches()) {
        throw new IllegalArgumentException("invalid SAN DNS name '" + dns + "'");
      }
    }
    for (String ip : ipAddresses) {
      requireIpLiteral(ip);
    }
    if (validity == null || validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("certificate validity must be positive, got " + validity);
    }
  }

  /**
   * A node reachable on this machine ({@code localhost}, {@code 127.0.0.1}, {@code ::1}) and on
   * the given extra host names or IP literals, valid for {@link #DEFAULT_VALIDITY}.
   */
  public static NodeCertificateSpec forNode(String nodeId, String... extraHosts) {
    List<String> dns = new ArrayList<>(List.of("localhost"));
    List<String> ips = new ArrayList<>(List.of("127.0.0.1", "::1"));
    for (String host : extraHosts) {
      if (isIpLiteral(host)) {
        ips.add(host);
      } else {
        dns.add(host);
      }
    }
    return new NodeCertificateSpec(nodeId, dns, ips, DEFAULT_VALIDITY);
  }

  private static boolean isIpLiteral(String host) {
    return host != null
        && IP_LITERAL.matcher(host).matches()
        && (host.contains(":") || host.matches("[0-9.]+"));
  }

  private static void requireIpLiteral(String ip) {
    // Only literals: InetAddress.getByName on a host name would do a DNS lookup here.
    if (!isIpLiteral(ip)) {
      throw new IllegalArgumentException("invalid SAN IP address '" + ip + "'");
    }
    try {
      InetAddress.getByName(ip);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("invalid SAN IP address '" + ip + "'", e);
    }
  }
}
