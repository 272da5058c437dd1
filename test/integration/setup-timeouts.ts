// Integration tests wait for real queues (redelivery, DLQ landings); a project cannot set testTimeout.
jest.setTimeout(60_000);
