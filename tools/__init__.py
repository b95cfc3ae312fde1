"""Developer tooling kept out of the runtime package: benchmark, synthetic data, geo build."""
