"""The decision methods: AHP, group aggregation, TOPSIS, tiers, sensitivity. Pure math, no I/O."""
