//! `portolan serve` and `portolan keys`.

use std::time::Duration;

use anyhow::Context;
use portolan_server::briefing::subscriptions::{DeliverySettings, Scheduler};
use portolan_server::config::Config;
use portolan_server::http::{self, AppState, AuditLog, HttpSettings, KeyStore, Readiness, Scope};

/// Serving options (the rest of the configuration is shared with every command).
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "PORTOLAN_ADDR", default_value = "127.0.0.1:8080")]
    addr: String,
    /// Concurrent model jobs (ask, chat, document ingestion). Their
    /// generations are decoded together, up to `--decode-batch`.
    #[arg(long, env = "PORTOLAN_WORKERS", default_value_t = 4)]
    workers: usize,
    /// Generations decoded together: concurrent answers share each pass
    /// over the weights (decoding is memory-bound), so up to this many cost
    /// little more than one. 1 decodes each request on its own worker.
    #[arg(long, env = "PORTOLAN_DECODE_BATCH", default_value_t = 4)]
    decode_batch: usize,
    /// Model jobs that may wait for a worker; beyond, 503 with Retry-After.
    #[arg(long, env = "PORTOLAN_QUEUE", default_value_t = 16)]
    queue: usize,
    /// Concurrent short jobs (search, classify, embeddings), beside the model jobs.
    #[arg(long, env = "PORTOLAN_FAST_WORKERS", default_value_t = 1)]
    fast_workers: usize,
    /// Short jobs that may wait; beyond, 503 with Retry-After.
    #[arg(long, env = "PORTOLAN_FAST_QUEUE", default_value_t = 64)]
    fast_queue: usize,
    /// Requests per minute per API key (0 = unlimited).
    #[arg(long, env = "PORTOLAN_RATE_LIMIT", default_value_t = 600)]
    rate_limit: u32,
    /// Requests a key may send at once before the per-minute rate applies.
    #[arg(long, env = "PORTOLAN_RATE_BURST", default_value_t = 60)]
    rate_burst: u32,
    /// Largest request body in bytes.
    #[arg(long, env = "PORTOLAN_BODY_LIMIT", default_value_t = 256 * 1024)]
    body_limit: usize,
    /// Seconds a request may take.
    #[arg(long, env = "PORTOLAN_TIMEOUT", default_value_t = 120)]
    timeout: u64,
}

/// `portolan keys …`.
#[derive(Debug, clap::Subcommand)]
pub enum KeysCommand {
    /// Create an API key; it is printed once and stored only as a hash.
    Create {
        /// query, ingest or admin (repeat for several).
        #[arg(long = "scope", required = true)]
        scopes: Vec<Scope>,
        /// A name for people (who holds the key).
        #[arg(long, default_value = "")]
        name: String,
    },
    /// List keys (ids, names, scopes; never the keys).
    List,
    /// Revoke a key by id.
    Revoke {
        /// The key's id (from `keys list`).
        id: String,
    },
}

fn key_store(config: &Config) -> anyhow::Result<KeyStore> {
    Ok(KeyStore::open(
        &config.model_home().root().join("keys.json"),
    )?)
}

pub fn keys(config: &Config, cmd: KeysCommand) -> anyhow::Result<()> {
    let store = key_store(config)?;
    match cmd {
        KeysCommand::Create { scopes, name } => {
            let (record, key) = store.create(&name, &scopes)?;
            eprintln!(
                "key {} ({}) created; it is shown once:",
                record.id,
                scopes
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            println!("{key}");
        }
        KeysCommand::List => {
            for k in store.list() {
                let scopes: Vec<&str> = k.scopes.iter().map(|s| s.as_str()).collect();
                println!("{}\t{}\t{}", k.id, scopes.join(","), k.name);
            }
        }
        KeysCommand::Revoke { id } => {
            store.revoke(&id)?;
            eprintln!("key {id} revoked");
        }
    }
    Ok(())
}

pub fn serve(config: &Config, args: ServeArgs) -> anyhow::Result<()> {
    let home = config.model_home();
    let keys = key_store(config)?;
    if keys.list().is_empty() {
        // Secure by default: no endpoint answers without a key, so the first
        // start makes one for the operator.
        let (record, key) = keys.create("first admin key", &[Scope::Admin])?;
        eprintln!(
            "No API keys yet: created admin key {} (shown once; `portolan keys create` makes more):\n{key}",
            record.id
        );
    }
    let audit_path = home.root().join("audit.jsonl");
    let audit = AuditLog::open(&audit_path)
        .with_context(|| format!("audit trail {}", audit_path.display()))?;
    eprintln!("Loading models and the index…");
    let services = portolan_server::knowledge::services(config, args.decode_batch)?;
    let settings = HttpSettings {
        workers: args.workers,
        queue: args.queue,
        fast_workers: args.fast_workers,
        fast_queue: args.fast_queue,
        rate_per_minute: args.rate_limit,
        rate_burst: args.rate_burst,
        body_limit: args.body_limit,
        timeout: Duration::from_secs(args.timeout),
        ..HttpSettings::default()
    };
    let scheduler = match (&services.subscriptions, &services.briefer) {
        (Some(store), Some(briefer)) => Some(std::sync::Arc::new(Scheduler::new(
            store.clone(),
            briefer.clone(),
            DeliverySettings::default(),
        ))),
        _ => None,
    };
    let classifier = services.classifier.clone();
    let router = http::router(AppState::new(services, keys, audit, settings));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        eprintln!("Portolan is serving on http://{}", listener.local_addr()?);
        if matches!(classifier.get(), Readiness::Preparing) {
            eprintln!(
                "Classification is being prepared in the background (/readyz shows when it is ready)."
            );
        }
        if let Some(scheduler) = scheduler {
            // Briefing subscriptions: checked every minute, for as long as
            // the server runs (the task ends with the runtime).
            tokio::spawn(scheduler.run(std::future::pending()));
        }
        http::serve(listener, router).await?;
        Ok(())
    })
}
