package io.keyquorum.consensus;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a leader gathers: verified votes and new-view senders, per view. Only a voter's first vote
 * in a view counts (an honest replica votes once per view, Algorithm 4 vheight), so a replayed,
 * duplicated or double vote never inflates a quorum, and memory per view is at most n entries.
 * The caller bounds which views are accepted at all.
 */
final class QuorumCollector {
  private final TreeMap<Long, Map<Integer, Vote>> votes = new TreeMap<>();
  private final TreeMap<Long, Set<Integer>> newViews = new TreeMap<>();

  /** Adds a verified vote; returns the certificate the first time its (view, block) reaches {@code quorum}. */
  Optional<QuorumCertificate> addVote(Vote v, int quorum) {
    Map<Integer, Vote> inView = votes.computeIfAbsent(v.view(), k -> new HashMap<>());
    if (inView.putIfAbsent(v.voter(), v) != null) {
      return Optional.empty();
    }
    List<Vote> same = inView.values().stream().filter(o -> o.blockHash().equals(v.blockHash())).toList();
    return same.size() == quorum ? Optional.of(QuorumCertificate.form(same)) : Optional.empty();
  }

  /** Records that {@code signer} entered {@code view}; returns how many distinct replicas have. */
  int addNewView(long view, int signer) {
    Set<Integer> senders = newViews.computeIfAbsent(view, k -> new HashSet<>());
    senders.add(signer);
    return senders.size();
  }

  int newViewCount(long view) {
    Set<Integer> senders = newViews.get(view);
    return senders == null ? 0 : senders.size();
  }

  /** Forgets votes for views at or below {@code certifiedView} and new-views below {@code currentView}. */
  void prune(long certifiedView, long currentView) {
    votes.headMap(certifiedView, true).clear();
    newViews.headMap(currentView, false).clear();
  }
}
