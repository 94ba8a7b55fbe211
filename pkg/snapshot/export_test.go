package snapshot

// LiveUnhealthy is the live pre-filter: the indexes of the pods whose
// owners, node and logs Live reads.
func LiveUnhealthy(s *Snapshot) []int { return newLiveNeeds(s).unhealthy }
