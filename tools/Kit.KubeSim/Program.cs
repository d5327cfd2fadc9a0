Console.Error.WriteLine("kubesim: not built yet");
return 2;
