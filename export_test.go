package servicestage

// WaitForIAMFetch waits until the fetch that s is running, if any, has
// stored its result, so tests can check the state after a background
// refresh without sleeping.
func WaitForIAMFetch(s *IAMTokenSource) {
	s.mu.Lock()
	fetch := s.pending
	s.mu.Unlock()

	if fetch != nil {
		<-fetch.done
	}
}
