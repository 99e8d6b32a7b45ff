package io.keyquorum.cli;

/** Entry point of the kq command line. */
public final class Kq {
  private Kq() {}

  public static void main(String[] args) {
    System.out.println("kq");
  }
}
