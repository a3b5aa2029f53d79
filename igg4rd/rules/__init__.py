"""Clinical rules: the patient record, units, sites, the RI, the taper, the goals, the risk factors,
thresholds and the paper's figures. Pure and typed; imports nothing else of igg4rd."""
