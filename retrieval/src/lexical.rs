//! The BM25 side: a tantivy index over every chunk.
//!
//! Each chunk's heading line (title, headings, locator) and text are indexed
//! twice: with jieba segmentation for Chinese and with tantivy's English
//! stemmer, and a query is parsed against both fields, so a Chinese query
//! matches words of a Chinese law and an English one the stems of a treaty.
//! The whole chunk is stored as JSON, so a hit carries its citation without a
//! second lookup. Filters become term clauses of the query.

use std::path::Path;

use portolan_corpus::Chunk;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED, STRING,
};
use tantivy::tokenizer::{LowerCaser, TextAnalyzer, TokenStream};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::filter::Filter;
use crate::{Result, RetrievalError};

const JIEBA: &str = "jieba";
/// Indexing memory budget of the writer.
const WRITER_HEAP: usize = 256 * 1024 * 1024;

struct Fields {
    id: Field,
    doc: Field,
    doc_type: Field,
    lang: Field,
    jurisdiction: Field,
    in_force: Field,
    text_zh: Field,
    text_en: Field,
    chunk: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        doc: b.add_text_field("doc", STRING),
        doc_type: b.add_text_field("doc_type", STRING),
        lang: b.add_text_field("lang", STRING),
        jurisdiction: b.add_text_field("jurisdiction", STRING),
        in_force: b.add_text_field("in_force", STRING),
        text_zh: b.add_text_field("text_zh", text(JIEBA)),
        text_en: b.add_text_field("text_en", text("en_stem")),
        chunk: b.add_text_field("chunk", STORED),
    };
    (b.build(), fields)
}

fn register_tokenizers(index: &Index) {
    let jieba = TextAnalyzer::builder(tantivy_jieba::JiebaTokenizer::new())
        .filter(LowerCaser)
        .build();
    index.tokenizers().register(JIEBA, jieba);
}

/// Byte spans of the words of `text` as the index segments Chinese (jieba,
/// search mode: a long word also yields the words inside it). A caller
/// matching a name in Chinese text needs them: Chinese has no spaces, and
/// 加纳 (Ghana) occurs inside 增加纳税 across two words.
pub fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut analyzer = TextAnalyzer::builder(tantivy_jieba::JiebaTokenizer::new()).build();
    let mut stream = analyzer.token_stream(text);
    let mut spans = Vec::new();
    while let Some(token) = stream.next() {
        spans.push((token.offset_from, token.offset_to));
    }
    spans
}

/// The full-text index of one generation.
pub struct LexicalIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

/// Text indexed for a chunk: its heading line, then its body.
fn indexed_text(c: &Chunk) -> String {
    let mut s = format!("{} {} {}", c.title, c.heading_path.join(" "), c.locator);
    s.push('\n');
    s.push_str(&c.text);
    s
}

impl LexicalIndex {
    /// Creates an empty index in `dir`.
    pub fn create(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(|e| RetrievalError::io(dir, e))?;
        let (schema, fields) = schema();
        let index = Index::create_in_dir(dir, schema)?;
        Self::wrap(index, fields)
    }

    /// Opens the index in `dir`.
    pub fn open(dir: &Path) -> Result<Self> {
        let index = Index::open_in_dir(dir)?;
        let (_, fields) = schema();
        Self::wrap(index, fields)
    }

    fn wrap(index: Index, fields: Fields) -> Result<Self> {
        register_tokenizers(&index);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        Ok(Self {
            index,
            reader,
            fields,
        })
    }

    /// A writer for adding and deleting chunks; changes become visible at `commit`.
    pub fn writer(&self) -> Result<IndexWriter> {
        Ok(self.index.writer_with_num_threads(2, WRITER_HEAP)?)
    }

    /// Adds a chunk through `writer`.
    pub fn add(&self, writer: &IndexWriter, c: &Chunk) -> Result<()> {
        let f = &self.fields;
        let mut d = TantivyDocument::default();
        d.add_text(f.id, &c.id);
        d.add_text(f.doc, &c.doc);
        d.add_text(f.doc_type, c.doc_type.as_str());
        d.add_text(f.lang, c.lang.as_str());
        d.add_text(f.jurisdiction, c.jurisdiction.to_lowercase());
        d.add_text(f.in_force, if c.status.in_force() { "1" } else { "0" });
        let text = indexed_text(c);
        d.add_text(f.text_zh, &text);
        d.add_text(f.text_en, &text);
        d.add_text(
            f.chunk,
            serde_json::to_string(c).map_err(|e| RetrievalError::InvalidRequest(e.to_string()))?,
        );
        writer.add_document(d)?;
        Ok(())
    }

    /// Deletes every chunk of document `doc` through `writer`.
    pub fn delete_doc(&self, writer: &IndexWriter, doc: &str) {
        writer.delete_term(Term::from_field_text(self.fields.doc, doc));
    }

    /// Makes the reader see the latest commit now.
    pub fn reload(&self) -> Result<()> {
        Ok(self.reader.reload()?)
    }

    /// Number of chunks searchable.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The question as a disjunction of its words, in both analysed fields.
    ///
    /// tantivy's query parser turns a run of text without spaces into a
    /// phrase query; a Chinese question has no spaces, so its words would
    /// have to appear consecutively in the law. Questions are matched word
    /// by word instead, minus function words, and BM25 weighs them.
    fn terms_query(&self, query: &str) -> Result<Box<dyn Query>> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for field in [self.fields.text_zh, self.fields.text_en] {
            let mut analyzer = self.index.tokenizer_for_field(field)?;
            let mut stream = analyzer.token_stream(query);
            while let Some(token) = stream.next() {
                let word = token.text.trim();
                if word.is_empty() || is_stop_word(word) || !seen.insert((field, word.to_string()))
                {
                    continue;
                }
                let term = Term::from_field_text(field, word);
                clauses.push((
                    Occur::Should,
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                ));
            }
        }
        if clauses.is_empty() {
            return Err(RetrievalError::Query(format!(
                "no searchable words in {query:?}"
            )));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// The chunk with this id.
    pub fn get(&self, id: &str) -> Result<Option<Chunk>> {
        let q = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        let searcher = self.reader.searcher();
        let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
        top.first()
            .map(|(_, addr)| self.stored_chunk(&searcher, *addr))
            .transpose()
    }

    fn stored_chunk(
        &self,
        searcher: &tantivy::Searcher,
        addr: tantivy::DocAddress,
    ) -> Result<Chunk> {
        let d: TantivyDocument = searcher.doc(addr)?;
        let json = d
            .get_first(self.fields.chunk)
            .and_then(|v| v.as_str())
            .unwrap_or("");
        serde_json::from_str(json).map_err(|e| RetrievalError::Corrupted {
            path: "tantivy stored chunk".into(),
            reason: e.to_string(),
        })
    }

    /// The best `k` chunks for `query` under `filter`, with BM25 scores.
    pub fn search(&self, query: &str, k: usize, filter: &Filter) -> Result<Vec<(Chunk, f32)>> {
        let f = &self.fields;
        let text_query = self.terms_query(query)?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_query)];
        let any_of = |field: Field, values: Vec<String>| -> Box<dyn Query> {
            let terms: Vec<(Occur, Box<dyn Query>)> = values
                .into_iter()
                .map(|v| {
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(
                            Term::from_field_text(field, &v),
                            IndexRecordOption::Basic,
                        )) as Box<dyn Query>,
                    )
                })
                .collect();
            Box::new(BooleanQuery::new(terms))
        };
        if !filter.doc_types.is_empty() {
            clauses.push((
                Occur::Must,
                any_of(
                    f.doc_type,
                    filter
                        .doc_types
                        .iter()
                        .map(|t| t.as_str().to_string())
                        .collect(),
                ),
            ));
        }
        if !filter.langs.is_empty() {
            clauses.push((
                Occur::Must,
                any_of(
                    f.lang,
                    filter
                        .langs
                        .iter()
                        .map(|l| l.as_str().to_string())
                        .collect(),
                ),
            ));
        }
        if !filter.jurisdictions.is_empty() {
            clauses.push((
                Occur::Must,
                any_of(
                    f.jurisdiction,
                    filter
                        .jurisdictions
                        .iter()
                        .map(|j| j.to_lowercase())
                        .collect(),
                ),
            ));
        }
        if filter.in_force_only {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.in_force, "1"),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let top = searcher.search(&query, &TopDocs::with_limit(k).order_by_score())?;
        top.into_iter()
            .map(|(score, addr)| Ok((self.stored_chunk(&searcher, addr)?, score)))
            .collect()
    }
}

/// Words that carry no topic: Chinese particles and question words, English
/// function words, punctuation. Everyday questions are full of them.
fn is_stop_word(w: &str) -> bool {
    const STOP: &[&str] = &[
        "的", "了", "吗", "呢", "吧", "是", "在", "和", "与", "或", "及", "要", "得", "能", "会",
        "可以", "应当", "如何", "怎么", "什么", "多少", "多久", "哪些", "哪个", "是否", "我",
        "我们", "你", "您", "他们", "公司", "请问", "一个", "这个", "那个", "有", "没有", "就",
        "都", "也", "还", "对", "把", "被", "从", "向", "给", "让", "该", "其", "之", "为", "以",
        "于", "the", "a", "an", "of", "to", "in", "on", "for", "and", "or", "is", "are", "be",
        "do", "does", "can", "what", "which", "how", "when", "who", "our", "we", "i", "it", "its",
        "this", "that", "with", "by", "as", "at", "if", "there", "any", "under", "from", "must",
        "should", "my", "me", "you", "your", "they", "their", "will", "would", "has", "have",
        "not",
    ];
    w.chars().all(|c| !c.is_alphanumeric()) || STOP.contains(&w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chinese_question_matches_word_by_word_not_as_a_phrase() {
        let dir = tempfile::tempdir().unwrap();
        let index = LexicalIndex::create(dir.path()).unwrap();
        let mut w = index.writer().unwrap();
        let chunk = |id: &str, text: &str| portolan_corpus::Chunk {
            id: id.into(),
            doc: "d".into(),
            locator: id.into(),
            title: "关税法".into(),
            heading_path: vec![],
            lang: portolan_corpus::Lang::Zh,
            doc_type: portolan_corpus::DocType::Law,
            jurisdiction: "CN".into(),
            version_date: None,
            effective_date: None,
            status: portolan_corpus::Status::InForce,
            text: text.into(),
        };
        index.add(&w, &chunk("第三十七条", "暂时进境的展览品，在进境时纳税人向海关缴纳相当于应纳税款的保证金后，可以暂不缴纳关税，并应当自进境之日起六个月内复运出境。")).unwrap();
        index
            .add(
                &w,
                &chunk("第二条", "中华人民共和国准许进出口的货物由海关征收关税。"),
            )
            .unwrap();
        w.commit().unwrap();
        index.reload().unwrap();
        let hits = index
            .search(
                "展览品暂时进境，关税要先交吗？多久要复运出境？",
                2,
                &Filter::default(),
            )
            .unwrap();
        assert_eq!(hits[0].0.locator, "第三十七条");
        assert!(
            index.search("的？", 2, &Filter::default()).is_err(),
            "only stop words"
        );
    }
}
