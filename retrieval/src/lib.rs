//! Portolan's retrieval layer (built under the corpus-and-retrieval issue).
//!
//! Will own: the tantivy BM25 index (jieba for Chinese), the `VectorStore`
//! trait with its embedded and Qdrant implementations, rank fusion,
//! reranking and metadata filters, split like tantivy into indexing,
//! reading and query stages.
//!
//! Does not own: parsing the knowledge bundle (`portolan-corpus`) or running
//! the embedding model (`portolan-model`).
