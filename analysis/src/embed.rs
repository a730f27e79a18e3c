//! Sentence embeddings with all-MiniLM-L6-v2 on the CPU (candle): BERT encoder, mean pooling
//! over the attention mask, L2 normalisation — as the model card specifies.
//!
//! Sentences are tokenized once, sorted by token count and batched, each batch padded only to
//! its longest sentence (the shipped tokenizer.json pads everything to 128 tokens, which would
//! make a ten-word sentence cost as much as a paragraph).

use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use tokenizers::{Encoding, Tokenizer, TruncationParams};

/// Longest input we embed, in tokens; longer sentences are truncated.
pub const MAX_TOKENS: usize = 256;
/// Sentences per forward pass.
pub const BATCH_SIZE: usize = 32;
pub const DIMENSIONS: usize = 384;
/// Names the model in caches and training runs.
pub const MODEL_NAME: &str = "all-MiniLM-L6-v2";

#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error("model files missing in {0}: {1}")]
    Missing(PathBuf, String),
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    #[error("model: {0}")]
    Model(#[from] candle_core::Error),
    #[error("config: {0}")]
    Config(String),
}

pub struct Embedder {
    model: BertModel,
    tokenizer: Tokenizer,
    device: Device,
}

/// The files a model directory must hold.
pub const REQUIRED_FILES: [&str; 3] = ["config.json", "tokenizer.json", "model.safetensors"];

/// True when `dir` holds every file the embedder needs.
pub fn model_present(dir: &Path) -> bool {
    REQUIRED_FILES.iter().all(|f| dir.join(f).is_file())
}

impl Embedder {
    pub fn load(dir: &Path) -> Result<Self, EmbedError> {
        for file in REQUIRED_FILES {
            if !dir.join(file).is_file() {
                return Err(EmbedError::Missing(dir.to_owned(), file.into()));
            }
        }
        let device = Device::Cpu;
        let config: Config = serde_json::from_str(
            &std::fs::read_to_string(dir.join("config.json"))
                .map_err(|e| EmbedError::Config(e.to_string()))?,
        )
        .map_err(|e| EmbedError::Config(e.to_string()))?;
        let mut tokenizer = Tokenizer::from_file(dir.join("tokenizer.json"))
            .map_err(|e| EmbedError::Tokenizer(e.to_string()))?;
        // We pad per batch ourselves, after sorting by length.
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..Default::default()
            }))
            .map_err(|e| EmbedError::Tokenizer(e.to_string()))?;
        // SAFETY: the weights file is memory-mapped read-only and not modified while mapped.
        let vb = unsafe {
            VarBuilder::from_mmaped_safetensors(
                &[dir.join("model.safetensors")],
                DType::F32,
                &device,
            )?
        };
        let model = BertModel::load(vb, &config)?;
        Ok(Self {
            model,
            tokenizer,
            device,
        })
    }

    fn encode(&self, texts: &[&str]) -> Result<Vec<Encoding>, EmbedError> {
        self.tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| EmbedError::Tokenizer(e.to_string()))
    }

    /// Token count of each text (with [CLS] and [SEP]), after truncation.
    pub fn token_counts(&self, texts: &[&str]) -> Result<Vec<usize>, EmbedError> {
        Ok(self
            .encode(texts)?
            .iter()
            .map(|e| e.get_ids().len())
            .collect())
    }

    /// Unit-length embeddings, in the order of `texts`.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let encodings = self.encode(texts)?;
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| (encodings[i].get_ids().len(), i));
        let mut out = vec![Vec::new(); texts.len()];
        for chunk in order.chunks(BATCH_SIZE) {
            let batch: Vec<&Encoding> = chunk.iter().map(|&i| &encodings[i]).collect();
            for (vector, &i) in self.embed_batch(&batch)?.into_iter().zip(chunk) {
                out[i] = vector;
            }
        }
        Ok(out)
    }

    fn embed_batch(&self, encodings: &[&Encoding]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let rows = encodings.len();
        let cols = encodings
            .iter()
            .map(|e| e.get_ids().len())
            .max()
            .unwrap_or(0);
        // Right-padded with id 0 ([PAD]), type 0 and mask 0.
        let padded = |f: &dyn Fn(&Encoding) -> &[u32]| -> Vec<u32> {
            let mut flat = Vec::with_capacity(rows * cols);
            for e in encodings {
                let v = f(e);
                flat.extend_from_slice(v);
                flat.resize(flat.len() + cols - v.len(), 0);
            }
            flat
        };
        let ids = Tensor::from_vec(padded(&|e| e.get_ids()), (rows, cols), &self.device)?;
        let type_ids = Tensor::from_vec(padded(&|e| e.get_type_ids()), (rows, cols), &self.device)?;
        let mask = Tensor::from_vec(
            padded(&|e| e.get_attention_mask()),
            (rows, cols),
            &self.device,
        )?;
        let hidden = self.model.forward(&ids, &type_ids, Some(&mask))?; // (rows, cols, 384)
                                                                        // Mean over real tokens only: padding must not dilute short sentences.
        let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?; // (rows, cols, 1)
        let summed = hidden.broadcast_mul(&mask)?.sum(1)?; // (rows, 384)
        let counts = mask.sum(1)?.clamp(1e-9, f64::MAX)?; // (rows, 1)
        let mean = summed.broadcast_div(&counts)?;
        let norms = mean.sqr()?.sum_keepdim(1)?.sqrt()?.clamp(1e-12, f64::MAX)?;
        let unit = mean.broadcast_div(&norms)?;
        Ok(unit.to_vec2::<f32>()?)
    }
}
