"""The domain: plain Python rules and values. No Qt, no SQL."""
