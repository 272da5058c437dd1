// Unit tests read no real configuration and print no logs.
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
