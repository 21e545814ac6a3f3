//! Risk monitoring: the rules that raise alerts on the dataset (R1-R5), with their
//! thresholds as settings.
