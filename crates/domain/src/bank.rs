//! Bank-wide analytics for analysts: totals, daily series, segmentation and mixes,
//! under one set of filters.
