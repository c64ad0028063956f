//! Portolan's knowledge corpus (built under the corpus-and-retrieval issue).
//!
//! Will own: parsers and chunkers for the knowledge bundle (laws by article,
//! announcements, treaties, HS nomenclature, notes, GRI, tariff schedules),
//! document versions and effective dates, and provenance of every chunk.
//!
//! Does not own: indexing or search (`portolan-retrieval`).
