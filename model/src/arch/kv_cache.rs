//! Keys and values of the positions a decoder has processed.
//!
//! Each layer keeps its keys and values in a buffer with room to spare,
//! shaped `(1, kv_heads, capacity, head_dim)`, and a new token's keys are
//! written into the next free slot. Growing by concatenation instead copies
//! the whole cache for every generated token and every layer, a cost that
//! grows with the context. The attention reads a narrowed view of the
//! buffer, without copying.
//!
//! Buffers are written in place, so two caches must never share one:
//! `Clone` and [`KvCache::prefix`] copy the positions they keep (what a
//! prefix snapshot needs).

use candle_core::Tensor;

use crate::Result;

/// Positions a buffer grows by at least, so that a prompt followed by a few
/// hundred generated tokens reallocates once or twice, not per token.
const GROWTH: usize = 256;

/// Keys and values of the positions processed so far, one entry per layer.
#[derive(Debug, Default)]
pub struct KvCache {
    layers: Vec<Option<LayerKv>>,
    len: usize,
}

/// One layer's buffers; positions `0..len` of the owning cache are valid.
#[derive(Debug)]
struct LayerKv {
    k: Tensor,
    v: Tensor,
}

impl LayerKv {
    fn capacity(&self) -> usize {
        self.k.dims()[2]
    }

    /// Buffers with room for `end` positions (at least twice `old`'s, so
    /// growth is amortised), holding `old`'s first `pos` positions; shaped
    /// like `k` and `v` otherwise.
    fn grown(
        old: Option<LayerKv>,
        pos: usize,
        end: usize,
        k: &Tensor,
        v: &Tensor,
    ) -> candle_core::Result<Self> {
        let capacity = end
            .max(old.as_ref().map_or(0, |kv| 2 * kv.capacity()))
            .next_multiple_of(GROWTH);
        Self::holding(old.as_ref(), pos, capacity, k, v)
    }

    /// A copy of positions `0..len` in buffers of their own.
    fn copy(&self, len: usize) -> candle_core::Result<Self> {
        Self::holding(
            Some(self),
            len,
            len.next_multiple_of(GROWTH),
            &self.k,
            &self.v,
        )
    }

    /// Fresh buffers of `capacity` positions, shaped like `k` and `v`
    /// otherwise, holding `from`'s first `pos` positions.
    fn holding(
        from: Option<&LayerKv>,
        pos: usize,
        capacity: usize,
        k: &Tensor,
        v: &Tensor,
    ) -> candle_core::Result<Self> {
        let fresh = Self {
            k: buffer_like(k, capacity)?,
            v: buffer_like(v, capacity)?,
        };
        if let Some(from) = from.filter(|_| pos > 0) {
            fresh
                .k
                .slice_set(&from.k.narrow(2, 0, pos)?.contiguous()?, 2, 0)?;
            fresh
                .v
                .slice_set(&from.v.narrow(2, 0, pos)?.contiguous()?, 2, 0)?;
        }
        Ok(fresh)
    }
}

/// Zeros shaped like `t` but with `capacity` positions.
fn buffer_like(t: &Tensor, capacity: usize) -> candle_core::Result<Tensor> {
    let mut dims = t.dims().to_vec();
    dims[2] = capacity;
    Tensor::zeros(dims, t.dtype(), t.device())
}

impl KvCache {
    /// Positions held.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when nothing has been processed yet.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// An independent copy of the first `n` positions held (a shared
    /// prompt prefix); only those are copied. A copy that fails (out of
    /// memory) is an empty cache, which only costs recomputing the prompt.
    pub fn prefix(&self, n: usize) -> Self {
        let n = n.min(self.len);
        if n == 0 {
            return Self::default();
        }
        let layers: Option<Vec<_>> = self
            .layers
            .iter()
            .map(|slot| Some(Some(slot.as_ref()?.copy(n).ok()?)))
            .collect();
        match layers {
            Some(layers) => Self { layers, len: n },
            None => Self::default(),
        }
    }

    /// Makes room for `layers` layers (a fresh cache has none).
    pub(crate) fn ensure_layers(&mut self, layers: usize) {
        if self.layers.len() != layers {
            self.layers = (0..layers).map(|_| None).collect();
            self.len = 0;
        }
    }

    /// Writes the keys and values `(1, kv_heads, n, head_dim)` of positions
    /// `pos..pos + n` of `layer`, and returns views of its positions
    /// `0..pos + n`. `pos` must be at most [`len`](Self::len): positions are
    /// only committed by [`set_len`](Self::set_len) once every layer has run.
    pub(crate) fn append(
        &mut self,
        layer: usize,
        pos: usize,
        k: &Tensor,
        v: &Tensor,
    ) -> Result<(Tensor, Tensor)> {
        let n = k.dims()[2];
        let end = pos + n;
        let slot = &mut self.layers[layer];
        let kv = match slot.take() {
            Some(kv) if kv.capacity() >= end => kv,
            old => LayerKv::grown(old, pos, end, k, v)?,
        };
        let kv = slot.insert(kv);
        kv.k.slice_set(&k.contiguous()?, 2, pos)?;
        kv.v.slice_set(&v.contiguous()?, 2, pos)?;
        Ok((kv.k.narrow(2, 0, end)?, kv.v.narrow(2, 0, end)?))
    }

    /// Commits positions up to `len` after a pass through every layer.
    pub(crate) fn set_len(&mut self, len: usize) {
        self.len = len;
    }
}

impl Clone for KvCache {
    /// An independent copy of the positions held (buffers are written in
    /// place, so a snapshot must not share them).
    fn clone(&self) -> Self {
        self.prefix(self.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::{Device, IndexOp};

    /// Keys `(1, 2, n, 4)` whose every value is its position, so a view
    /// shows which positions it holds.
    fn positions(from: usize, n: usize) -> Tensor {
        let data: Vec<f32> = (0..2)
            .flat_map(|_| (from..from + n).flat_map(|p| [p as f32; 4]))
            .collect();
        Tensor::from_vec(data, (1, 2, n, 4), &Device::Cpu).expect("shape")
    }

    /// A one-layer cache holding positions 0..10.
    fn holding_ten() -> KvCache {
        let mut cache = KvCache::default();
        cache.ensure_layers(1);
        cache
            .append(0, 0, &positions(0, 10), &positions(0, 10))
            .expect("append");
        cache.set_len(10);
        cache
    }

    fn held(view: &Tensor) -> Vec<f32> {
        view.i((0, 1, .., 0))
            .and_then(|t| t.to_vec1())
            .expect("view")
    }

    #[test]
    fn appends_past_the_capacity_keep_every_position() {
        let mut cache = KvCache::default();
        cache.ensure_layers(1);
        let (mut pos, mut last) = (0, None);
        for n in [200, 100, 1, 300] {
            let k = positions(pos, n);
            last = Some(cache.append(0, pos, &k, &k).expect("append"));
            pos += n;
            cache.set_len(pos);
        }
        let (k, v) = last.expect("appended");
        let want: Vec<f32> = (0..pos).map(|p| p as f32).collect();
        assert_eq!(held(&k), want);
        assert_eq!(held(&v), want);
    }

    #[test]
    fn a_clone_is_not_changed_by_writes_to_the_original() {
        let mut cache = holding_ten();
        let mut snapshot = cache.clone();
        // The original writes new positions over 5..10.
        let (k, _) = cache
            .append(0, 5, &positions(100, 5), &positions(100, 5))
            .expect("append");
        assert_eq!(held(&k)[5], 100.0);
        // The snapshot still holds 0..10 and grows on its own.
        let (k, _) = snapshot
            .append(0, 10, &positions(10, 1), &positions(10, 1))
            .expect("append");
        let want: Vec<f32> = (0..11).map(|p| p as f32).collect();
        assert_eq!(held(&k), want);
    }

    #[test]
    fn a_prefix_holds_only_its_positions() {
        let cache = holding_ten();
        let mut prefix = cache.prefix(4);
        assert_eq!(prefix.len(), 4);
        let (k, _) = prefix
            .append(0, 4, &positions(50, 1), &positions(50, 1))
            .expect("append");
        assert_eq!(held(&k), vec![0.0, 1.0, 2.0, 3.0, 50.0]);
        assert!(cache.prefix(0).is_empty());
    }
}
