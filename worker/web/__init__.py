"""The read-only web inspector over the results in Redis (`newsworker web`)."""
