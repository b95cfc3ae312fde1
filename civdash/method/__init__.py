"""Domain calculations: progress, targets, per-capita rates, peers, walking coverage."""
