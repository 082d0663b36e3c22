"""The AWS layer: calls by operation name with bounded retries, clients, where to reach AWS, and our errors."""
