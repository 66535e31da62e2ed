import { CREDIT_FEATURES, featureRow, generateApplicants } from './credit-data';
import { binaryMetrics } from './classification-metrics';
import { predictLogistic, trainLogistic } from './train-logistic';
import { predictMlp, trainMlp } from './train-mlp';
const all = generateApplicants(6500, 20240611);
const train = all.slice(0, 4000), test = all.slice(4000, 6000);
const X = train.map(featureRow), y = train.map(a => a.defaulted), Xt = test.map(featureRow), yt = test.map(a => a.defaulted);
console.log('default rate', y.reduce((s, v) => s + v, 0) / y.length);
for (const g of ['female','male','non_binary']) { const s = all.filter(a=>a.gender===g); console.log(g, s.length, s.reduce((a,b)=>a+b.defaulted,0)/s.length); }
for (const hp of [{iterations: 25, learning_rate: 0.05, l2: 0.3}, {iterations: 20, learning_rate: 0.2, l2: 0.1}, {iterations: 500, learning_rate: 0.5, l2: 0.001}]) {
  let t = Date.now(); const m = trainLogistic(CREDIT_FEATURES, X, y, hp); console.log(hp, binaryMetrics(yt, predictLogistic(m, Xt)), Date.now()-t);
}
let t = Date.now();
const mlp = trainMlp(CREDIT_FEATURES, X, y, { hidden_units: 16, epochs: 30, batch_size: 64, learning_rate: 0.005, l2: 1e-4, seed: 7 });
console.log('mlp', binaryMetrics(yt, predictMlp(mlp, Xt)), Date.now()-t);
