// Hermetic tests: configuration meant for a real deployment or another run (COBROWSE_*, MOCK_*,
// HOST, PORT) must not leak into the servers these tests start.
for (const name of Object.keys(process.env)) {
  if (/^(COBROWSE_|MOCK_)/.test(name) || name === "HOST" || name === "PORT") delete process.env[name];
}
