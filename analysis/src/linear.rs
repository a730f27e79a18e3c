//! Multinomial logistic regression (softmax) with L2 regularisation and per-example weights,
//! fitted by full-batch gradient descent with Nesterov momentum. Works on dense embeddings and
//! on sparse TF-IDF vectors alike. Deterministic: same data, same model.

use serde::{Deserialize, Serialize};

/// A feature vector: dense (embeddings) or sparse (TF-IDF, sorted indices).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Features {
    Dense(Vec<f32>),
    Sparse(Vec<(u32, f32)>),
}

impl Features {
    fn dot(&self, w: &[f32]) -> f32 {
        match self {
            Features::Dense(x) => x.iter().zip(w).map(|(a, b)| a * b).sum(),
            Features::Sparse(x) => x.iter().map(|&(i, v)| v * w[i as usize]).sum(),
        }
    }

    /// `g += scale * x`
    fn add_scaled_to(&self, scale: f32, g: &mut [f32]) {
        match self {
            Features::Dense(x) => g.iter_mut().zip(x).for_each(|(g, x)| *g += scale * x),
            Features::Sparse(x) => x.iter().for_each(|&(i, v)| g[i as usize] += scale * v),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LinearModel {
    pub labels: Vec<String>,
    pub dims: usize,
    /// One row of `dims` weights per label.
    pub weights: Vec<Vec<f32>>,
    pub bias: Vec<f32>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
pub struct FitOptions {
    /// L2 penalty on the weights (not the bias).
    pub l2: f32,
    pub iterations: usize,
    pub learning_rate: f32,
}

impl Default for FitOptions {
    fn default() -> Self {
        Self {
            l2: 1e-3,
            iterations: 300,
            learning_rate: 2.0,
        }
    }
}

pub fn softmax(scores: &mut [f32]) {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for s in scores.iter_mut() {
        *s = (*s - max).exp();
        sum += *s;
    }
    scores.iter_mut().for_each(|s| *s /= sum);
}

impl LinearModel {
    /// Class probabilities, in `labels` order.
    pub fn probabilities(&self, x: &Features) -> Vec<f32> {
        let mut scores: Vec<f32> = self
            .weights
            .iter()
            .zip(&self.bias)
            .map(|(w, b)| x.dot(w) + b)
            .collect();
        softmax(&mut scores);
        scores
    }

    /// `y[i]` indexes `labels`; `weight[i]` scales example i's loss.
    pub fn fit(
        labels: Vec<String>,
        dims: usize,
        x: &[Features],
        y: &[usize],
        weight: &[f32],
        opts: FitOptions,
    ) -> Self {
        let k = labels.len();
        let total_weight: f32 = weight.iter().sum::<f32>().max(f32::EPSILON);
        let mut model = Self {
            labels,
            dims,
            weights: vec![vec![0.0; dims]; k],
            bias: vec![0.0; k],
        };
        // Nesterov momentum on (weights, bias).
        let mut velocity_w = vec![vec![0.0f32; dims]; k];
        let mut velocity_b = vec![0.0f32; k];
        let momentum = 0.9;
        let mut grad_w = vec![vec![0.0f32; dims]; k];
        let mut grad_b = vec![0.0f32; k];
        for _ in 0..opts.iterations {
            // Look-ahead point.
            let look = Self {
                labels: Vec::new(),
                dims,
                weights: model
                    .weights
                    .iter()
                    .zip(&velocity_w)
                    .map(|(w, v)| w.iter().zip(v).map(|(w, v)| w + momentum * v).collect())
                    .collect(),
                bias: model
                    .bias
                    .iter()
                    .zip(&velocity_b)
                    .map(|(b, v)| b + momentum * v)
                    .collect(),
            };
            grad_w
                .iter_mut()
                .for_each(|g| g.iter_mut().for_each(|v| *v = 0.0));
            grad_b.iter_mut().for_each(|v| *v = 0.0);
            for ((xi, &yi), &wi) in x.iter().zip(y).zip(weight) {
                let p = look.probabilities(xi);
                for c in 0..k {
                    let err = (p[c] - if c == yi { 1.0 } else { 0.0 }) * wi / total_weight;
                    xi.add_scaled_to(err, &mut grad_w[c]);
                    grad_b[c] += err;
                }
            }
            for c in 0..k {
                for j in 0..dims {
                    let g = grad_w[c][j] + opts.l2 * look.weights[c][j];
                    velocity_w[c][j] = momentum * velocity_w[c][j] - opts.learning_rate * g;
                    model.weights[c][j] += velocity_w[c][j];
                }
                velocity_b[c] = momentum * velocity_b[c] - opts.learning_rate * grad_b[c];
                model.bias[c] += velocity_b[c];
            }
        }
        model
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separable_points_are_learned_with_confidence() {
        let x = vec![
            Features::Dense(vec![1.0, 0.0]),
            Features::Dense(vec![0.9, 0.1]),
            Features::Dense(vec![0.0, 1.0]),
            Features::Dense(vec![0.1, 0.9]),
        ];
        let y = [0, 0, 1, 1];
        let m = LinearModel::fit(
            vec!["a".into(), "b".into()],
            2,
            &x,
            &y,
            &[1.0; 4],
            FitOptions::default(),
        );
        let p = m.probabilities(&Features::Dense(vec![0.95, 0.05]));
        assert!(p[0] > 0.8, "{p:?}");
        let p = m.probabilities(&Features::Sparse(vec![(1, 1.0)]));
        assert!(p[1] > 0.8, "{p:?}");
    }

    #[test]
    fn example_weights_shift_the_boundary() {
        let x = vec![Features::Dense(vec![1.0]), Features::Dense(vec![1.0])];
        let m = LinearModel::fit(
            vec!["a".into(), "b".into()],
            1,
            &x,
            &[0, 1],
            &[3.0, 1.0],
            FitOptions::default(),
        );
        let p = m.probabilities(&Features::Dense(vec![1.0]));
        assert!(p[0] > p[1]);
    }
}
